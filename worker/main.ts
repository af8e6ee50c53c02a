import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { openDatabase } from '../db/client';
import { parseConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { installWorkerTelemetry } from '../lib/metrics/worker-telemetry';
import { createActivityDeps } from './activity-deps';
import { createTrawlWorker } from './create-worker';
import { setUpRetentionSchedule } from './retention-schedule';

const config = parseConfig();
const log = createLogger(config);
if (!config.TEMPORAL_ADDRESS) {
  log.fatal('TEMPORAL_ADDRESS is required for a standalone worker (npm start runs one with an embedded server)');
  process.exit(1);
}
if (!config.DATABASE_URL) log.warn('no DATABASE_URL: using embedded PGlite, which only this process can open');

const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TRAWL_DATA_DIR });
await database.migrate();
// Before any Temporal connection: the Runtime with its Prometheus exporter, and the worker's /metrics endpoint.
const metricsEndpoint = await installWorkerTelemetry({ address: config.TRAWL_WORKER_METRICS_ADDRESS });
if (metricsEndpoint) log.info({ url: metricsEndpoint.url }, 'worker metrics');
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
await setUpRetentionSchedule(new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
  { taskQueue: config.TEMPORAL_TASK_QUEUE, retentionDays: config.TRAWL_RETENTION_DAYS }, log);
await clientConnection.close();
const deps = createActivityDeps(config, database.db);
const worker = await createTrawlWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, deps });
log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
// Worker.run installs SIGINT/SIGTERM handlers that shut it down gracefully.
await worker.run();
await deps.close();
await connection.close();
await database.close();
await metricsEndpoint?.close();
log.info('worker stopped');
