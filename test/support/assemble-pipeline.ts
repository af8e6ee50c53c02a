import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { apiDepsFromConfig } from '../../api/deps-from-config';
import type { ApiDeps } from '../../api/deps';
import type { DatabaseHandle } from '../../db/client';
import { parseConfig, type Config } from '../../lib/config';
import { createActivityDeps } from '../../worker/activity-deps';
import { createTrawlWorker } from '../../worker/create-worker';

export interface PipelineParts {
  app: ReturnType<typeof createApp>;
  /** What `app` was made from, for a test that needs another app on the same database (other access settings). */
  apiDeps: ApiDeps;
  client: Client;
  database: DatabaseHandle;
  config: Config;
  taskQueue: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface PipelinePartsOptions {
  temporalAddress: string;
  /** Opened after the configuration is parsed, and closed by `close`. */
  openDatabase(): Promise<DatabaseHandle>;
  taskQueue: string;
  workflowBundlePath: string;
  /** Laid over the short timeouts every test pipeline has. */
  env: Record<string, string>;
}

/**
 * Activity deps, a running Trawl worker on the task queue and the API app, on the Temporal server and database
 * given: what `startPipeline` and `startOwnPipeline` are both made of.
 */
export async function assemblePipeline(options: PipelinePartsOptions): Promise<PipelineParts> {
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
    ...options.env,
  });
  const database = await options.openDatabase();
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

  // HOST defaults to 127.0.0.1 and a fresh database has no key: open mode, unless `env` sets an admin key.
  const apiDeps = apiDepsFromConfig({ ...config, TEMPORAL_TASK_QUEUE: options.taskQueue }, database.db, client, { allowedPorts: [] });
  const app = createApp(apiDeps);

  return {
    app, apiDeps, client, database, config, taskQueue: options.taskQueue,
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
