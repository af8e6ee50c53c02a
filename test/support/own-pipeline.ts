import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { apiDepsFromConfig } from '../../api/deps-from-config';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { parseConfig, type Config } from '../../lib/config';
import { createActivityDeps } from '../../worker/activity-deps';
import { createTrawlWorker } from '../../worker/create-worker';
import { adminAuthHeaders, adminKeyEnv } from './scrape-checks';

export interface OwnPipeline {
  app: ReturnType<typeof createApp>;
  client: Client;
  database: DatabaseHandle;
  config: Config;
  taskQueue: string;
  /** Headers that authenticate a request to `app` (as the admin of tenant `default`). */
  authHeaders: Record<string, string>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface OwnPipelineOptions {
  /** A Temporal server of the test's own (the harness in pipeline.ts always uses the global one). */
  temporalAddress: string;
  /** A PostgreSQL of the test's own, already migrated. */
  databaseUrl: string;
  taskQueue: string;
  workflowBundlePath: string;
  env?: Record<string, string>;
}

/**
 * The same pieces as `startPipeline` (activity deps, Trawl worker, API app), but on the Temporal server and the
 * PostgreSQL the test chooses: for tests that kill or restart those.
 */
export async function startOwnPipeline(options: OwnPipelineOptions): Promise<OwnPipeline> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
  const config = parseConfig({
    TRAWL_ALLOWED_HOSTS: '127.0.0.1',
    TRAWL_RETRY_INITIAL_INTERVAL: '50ms',
    TRAWL_FETCH_CONNECT_TIMEOUT_MS: '2000',
    TRAWL_FETCH_HEADERS_TIMEOUT_MS: '2000',
    TRAWL_FETCH_BODY_TIMEOUT_MS: '3000',
    TRAWL_WEBHOOK_TIMEOUT_MS: '2000',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DATABASE_URL: options.databaseUrl,
    ...adminKeyEnv,
    ...options.env,
  });
  const database = await openDatabase({ url: options.databaseUrl });
  const nativeConnection = await NativeConnection.connect({ address: options.temporalAddress });
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection });
  const deps = createActivityDeps(config, database.db);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const startWorker = async () => {
    worker = await createTrawlWorker({
      connection: nativeConnection, namespace: 'default', taskQueue: options.taskQueue, deps,
      workflowBundle: { codePath: options.workflowBundlePath },
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker && worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    worker = undefined;
  };
  await startWorker();

  const apiDeps = apiDepsFromConfig({ ...config, TEMPORAL_TASK_QUEUE: options.taskQueue }, database.db, client, { allowedPorts: [] });
  const app = createApp(apiDeps);

  return {
    app, client, database, config, taskQueue: options.taskQueue,
    authHeaders: adminAuthHeaders,
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await deps.close();
      await connection.close();
      await nativeConnection.close();
      await database.close();
    },
  };
}
