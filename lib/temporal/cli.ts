import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The last CLI release whose go.mod has no `replace` directive, so `go install pkg@version` accepts it. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type Log = (message: string) => void;

/** Per-user cache shared by every clone: `$XDG_CACHE_HOME/trawl` or `~/.cache/trawl`. */
export function trawlCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'trawl');
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** A Temporal CLI already on this machine, or null: TEMPORAL_CLI_PATH, then PATH, then the per-user cache. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TEMPORAL_CLI_PATH) {
    if (isExecutable(env.TEMPORAL_CLI_PATH)) return env.TEMPORAL_CLI_PATH;
    throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
  }
  const cached = path.join(trawlCacheDir(env), 'bin', 'temporal');
  return onPath('temporal', env) ?? (isExecutable(cached) ? cached : null);
}

/** Finds the CLI or obtains it: the SDK's download on an online machine, else a build from the Go module proxy. */
export async function installTemporalCli(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const found = findTemporalCli(env);
  if (found) {
    log(`using the Temporal CLI at ${found}`);
    return found;
  }
  const binDir = path.join(trawlCacheDir(env), 'bin');
  mkdirSync(binDir, { recursive: true });
  const downloaded = await tryDownload(path.join(trawlCacheDir(env), 'download'), log);
  if (downloaded) return downloaded;
  await goInstall(binDir, log, env);
  const built = path.join(binDir, 'temporal');
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing`);
  return built;
}

async function tryDownload(downloadDir: string, log: Log): Promise<string | null> {
  log('trying the Temporal CLI download of @temporalio/testing');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await withTimeout(
      TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'cached-download', downloadDir } } }),
      120_000,
      'download',
    );
    await env.teardown();
  } catch (error) {
    log(`download unavailable: ${firstLine(error)}`);
    return null;
  }
  const binary = readdirSync(downloadDir).map((name) => path.join(downloadDir, name)).find(isExecutable);
  if (binary) log(`downloaded the Temporal CLI to ${binary}`);
  return binary ?? null;
}

async function goInstall(binDir: string, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  const go = onPath('go', env) ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) throw new Error('no Temporal CLI found, the download failed and no Go toolchain is available to build it');
  log(`building ${TEMPORAL_CLI_MODULE} with ${go} (GOBIN=${binDir}); a first build takes several minutes`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...env, GOBIN: binDir, GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`go install ${TEMPORAL_CLI_MODULE} exited with ${code}`);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
