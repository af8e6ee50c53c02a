import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildHandle {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr as received, for diagnostics when a test fails. */
  output(): string;
  /** Resolves with the exit code or signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to this process only (by its pid) and waits, bounded, for it to exit. */
  kill(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

/** Spawns a process whose output is kept (last 200 KB) and that can be killed by its own pid. */
export function spawnChild(command: string, args: string[], options: SpawnOptions = {}): ChildHandle {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => {
      keep(Buffer.from(`spawn error: ${error.message}\n`));
      resolve({ code: -1, signal: null });
    });
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
  const pid = child.pid;
  // Never leave a child behind if the test process ends without its afterAll (a timeout, a crash).
  const reap = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', reap);
  child.once('exit', () => process.removeListener('exit', reap));
  return {
    child,
    pid,
    output: () => output,
    exited,
    async kill(signal = 'SIGKILL', timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await withTimeout(exited, timeoutMs, `process ${pid} to exit after ${signal}`);
    },
  };
}

export interface WorkerProcessOptions {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
  env?: Record<string, string>;
}

/** `node --import tsx worker/main.ts`: the standalone worker as operators run it, in its own OS process. */
export function spawnWorkerProcess({ temporalAddress, databaseUrl, taskQueue, env = {} }: WorkerProcessOptions): ChildHandle {
  return spawnChild(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // The test run's own node options (e.g. --import hooks) apply to the worker too.
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      TEMPORAL_ADDRESS: temporalAddress,
      DATABASE_URL: databaseUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TRAWL_ALLOWED_HOSTS: '127.0.0.1',
      TRAWL_RETRY_INITIAL_INTERVAL: '50ms',
      LOG_LEVEL: 'warn',
      // No metrics endpoint on the fixed default port (test processes run side by side) and no daily retention
      // schedule pointing at a test's task queue.
      TRAWL_WORKER_METRICS_ADDRESS: '',
      TRAWL_RETENTION_DAYS: '0',
      ...env,
    },
  });
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
