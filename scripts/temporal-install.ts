import { installTemporalCli } from '../lib/temporal/cli';

const started = Date.now();
const log = (message: string) => console.log(`[temporal:install] ${message}`);
try {
  const cliPath = await installTemporalCli(log);
  log(`ready: ${cliPath} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  log(`failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
