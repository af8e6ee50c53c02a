import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import { apiDepsFromConfig } from '../api/deps-from-config';
import { startupAccessNotice } from '../api/auth/access-config';
import { listen } from '../api/serve';
import { openDatabase } from '../db/client';
import { parseConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { installWorkerTelemetry } from '../lib/metrics/worker-telemetry';
import type { MetricsEndpoint } from '../lib/metrics/endpoint';
import { installTemporalCli } from '../lib/temporal/cli';
import { startDevServer, type DevServer } from '../lib/temporal/dev-server';
import { createActivityDeps } from '../worker/activity-deps';
import { createTrawlWorker } from '../worker/create-worker';
import { setUpRetentionSchedule } from '../worker/retention-schedule';

/**
 * Everything on embedded defaults in one process: PGlite under TRAWL_DATA_DIR, a Temporal dev server persisted there
 * (unless TEMPORAL_ADDRESS is set) with its Web UI, the worker and the API.
 */
const config = parseConfig();
const log = createLogger(config);
mkdirSync(config.TRAWL_DATA_DIR, { recursive: true });

// Before anything Temporal (the dev server too): the Runtime with its Prometheus exporter, and the worker's /metrics
// endpoint (the API's /metrics shows the same trawl_* registry, this process being both).
let metricsEndpoint: MetricsEndpoint | undefined;
try {
  metricsEndpoint = await installWorkerTelemetry({ address: config.TRAWL_WORKER_METRICS_ADDRESS });
} catch (error) {
  log.warn({ err: error, address: config.TRAWL_WORKER_METRICS_ADDRESS }, 'worker metrics endpoint not started');
}

let devServer: DevServer | undefined;
let address = config.TEMPORAL_ADDRESS;
if (!address) {
  const cliPath = await installTemporalCli((message) => log.info(`[temporal] ${message}`));
  devServer = await startDevServer({
    cliPath,
    dbFilename: path.resolve(config.TRAWL_DATA_DIR, 'temporal.sqlite'),
    port: 7233,
    uiPort: config.TEMPORAL_UI_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
  });
  address = devServer.address;
}

const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TRAWL_DATA_DIR });
await database.migrate();
const nativeConnection = await NativeConnection.connect({ address });
const connection = await Connection.connect({ address });
await setUpRetentionSchedule(new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
  { taskQueue: config.TEMPORAL_TASK_QUEUE, retentionDays: config.TRAWL_RETENTION_DAYS }, log);
const deps = createActivityDeps(config, database.db);
const worker = await createTrawlWorker({ connection: nativeConnection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, deps });
const workerRun = worker.run();

const apiDeps = apiDepsFromConfig(config, database.db, new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), { logger: log });
const { access } = apiDeps;
const app = createApp(apiDeps);
const server = await listen(app, config.PORT, config.HOST);
const accessNotice = await startupAccessNotice(database.db, access);

console.log(`
Trawl is running
  API          ${server.url}/v1
  API docs     ${server.url}/docs
  Metrics      ${server.url}/metrics${metricsEndpoint ? ` (worker and Temporal SDK: ${metricsEndpoint.url})` : ''}
  Temporal UI  ${devServer?.uiUrl ?? `(external server at ${address})`}
  Database     ${database.kind === 'pglite' ? `PGlite in ${path.resolve(config.TRAWL_DATA_DIR)}` : 'PostgreSQL (DATABASE_URL)'}
  Summaries    ${config.OPENAI_API_KEY ? `${config.OPENAI_MODEL} via ${config.OPENAI_BASE_URL ?? 'OpenAI'}` : 'local extractive (no OPENAI_API_KEY)'}
  Access       ${accessNotice.mode === 'open' ? 'OPEN, no API key needed (loopback only, see below)' : accessNotice.warning ? 'LOCKED, no key can get in (see below)' : accessNotice.text}
${accessNotice.warning ? `\n${accessNotice.text.replace(/^/gm, '  ! ')}\n\n` : ''}Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping');
  try {
    await server.close();
    // Worker.run() reacts to SIGINT/SIGTERM itself; only a worker still running needs telling.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await deps.close();
    await connection.close();
    await nativeConnection.close();
    await database.close();
    await metricsEndpoint?.close();
  } finally {
    await devServer?.stop();
  }
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
