import { Connection } from '@temporalio/client';
import { trawlSearchAttributes } from '../../workflows/search-attributes';
import { spawnChild, type ChildHandle } from './processes';

export interface TemporalProcess {
  address: string;
  /** The running server process (replaced by `start()`). */
  current(): ChildHandle;
  /** SIGKILLs the server: no graceful shutdown, what a crash or an OOM kill does. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and database file, and waits until it answers. */
  start(): Promise<number>;
  /** Stops it for good (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

/**
 * `temporal server start-dev` as a child process of the test, so it can be killed like a real crash (the SDK's
 * TestWorkflowEnvironment can only tear it down cleanly). State lives in `dbFilename`, so a restart resumes the runs.
 */
export async function startTemporalProcess(options: { cliPath: string; dbFilename: string; port: number; readyTimeoutMs?: number }): Promise<TemporalProcess> {
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(options.port),
    '--db-filename', options.dbFilename, '--log-level', 'error',
    ...trawlSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=Keyword`]),
  ];
  let child: ChildHandle | undefined;

  async function start(): Promise<number> {
    const started = Date.now();
    child = spawnChild(options.cliPath, args);
    await waitUntilServing(address, child, options.readyTimeoutMs ?? 60_000);
    return Date.now() - started;
  }

  await start();
  return {
    address,
    current: () => child!,
    kill: () => child!.kill('SIGKILL'),
    start,
    async stop() {
      if (!child) return;
      await child.kill('SIGTERM', 10_000).catch(() => child!.kill('SIGKILL'));
    },
  };
}

/** Connects and describes the default namespace, retrying (bounded) until the freshly started server answers. */
async function waitUntilServing(address: string, child: ChildHandle, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null) throw new Error(`temporal server exited with ${child.child.exitCode}:\n${child.output()}`);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.describeNamespace({ namespace: 'default' });
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close().catch(() => {});
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`temporal server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}\n${child.output()}`);
}
