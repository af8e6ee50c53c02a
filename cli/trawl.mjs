#!/usr/bin/env node
// The `trawl` command (package.json "bin"): runs cli/main.ts through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
await runCli(process.argv.slice(2));
