import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlePath, workflowsPath } from '../worker/workflow-paths';

const started = Date.now();
const { code } = await bundleWorkflowCode({ workflowsPath });
mkdirSync(path.dirname(workflowBundlePath), { recursive: true });
writeFileSync(workflowBundlePath, code);
console.log(`workflow bundle: ${workflowBundlePath} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`);
