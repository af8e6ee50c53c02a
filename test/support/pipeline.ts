import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { apiDepsFromConfig } from '../../api/deps-from-config';
import type { ApiDeps } from '../../api/deps';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { parseConfig, type Config } from '../../lib/config';
import { createActivityDeps } from '../../worker/activity-deps';
import { createTrawlWorker } from '../../worker/create-worker';

let runtimeInstalled = false;

export interface Pipeline {
  app: ReturnType<typeof createApp>;
  /** What `app` was made from, for a test that needs another app on the same database (other access settings). */
  apiDeps: ApiDeps;
  client: Client;
  database: DatabaseHandle;
  config: Config;
  taskQueue: string;
  /** Stops the worker (as a crash would, when `hard`) and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole Trawl path for a test file: the real Temporal server from the global setup, a real SDK worker on the
 * file's own task queue, the API app, and PostgreSQL (or PGlite with `database: 'pglite'`).
 */
export async function startPipeline(options: { taskQueue: string; env?: Record<string, string>; database?: 'postgres' | 'pglite' }): Promise<Pipeline> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const config = parseConfig({
    TRAWL_ALLOWED_HOSTS: '127.0.0.1',
    TRAWL_RETRY_INITIAL_INTERVAL: '50ms',
    TRAWL_FETCH_CONNECT_TIMEOUT_MS: '2000',
    TRAWL_FETCH_HEADERS_TIMEOUT_MS: '2000',
    TRAWL_FETCH_BODY_TIMEOUT_MS: '3000',
    TRAWL_WEBHOOK_TIMEOUT_MS: '2000',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    // Generous enough that no existing test meets the rate limit; test/auth sets its own.
    TRAWL_RATE_LIMIT_PER_MINUTE: '600000',
    TRAWL_RATE_LIMIT_BURST: '10000',
    ...options.env,
  });
  const database = options.database === 'pglite'
    ? await openDatabase({ dataDir: 'memory://' })
    : await openDatabase({ url: inject('databaseUrl') });
  if (options.database === 'pglite') await database.migrate();
  const address = inject('temporalAddress');
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const deps = createActivityDeps(config, database.db);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createTrawlWorker({
      connection: nativeConnection, namespace: 'default', taskQueue: options.taskQueue, deps,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    worker = undefined;
  };
  await startWorker();

  // HOST defaults to 127.0.0.1 and a fresh database has no key: open mode, as the existing tests expect.
  const apiDeps = apiDepsFromConfig({ ...config, TEMPORAL_TASK_QUEUE: options.taskQueue }, database.db, client, { allowedPorts: [] });
  const app = createApp(apiDeps);

  return {
    app, apiDeps, client, database, config, taskQueue: options.taskQueue,
    stopWorker,
    async restartWorker() {
      await stopWorker();
      await startWorker();
    },
    async close() {
      await stopWorker();
      await deps.close();
      await connection.close();
      await nativeConnection.close();
      await database.close();
    },
  };
}

/** Polls until `check` returns a value, bounded in time. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 30_000, everyMs = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function json<T = any>(response: Response | Promise<Response>): Promise<{ status: number; body: T }> {
  const res = await response;
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
