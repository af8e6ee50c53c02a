import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { parseConfig } from '../../lib/config';
import type { MetricsEndpoint } from '../../lib/metrics/endpoint';
import { parseBindAddress } from '../../lib/metrics/endpoint';
import { installWorkerTelemetry } from '../../lib/metrics/worker-telemetry';
import { createActivityDeps } from '../../worker/activity-deps';
import { createTrawlWorker } from '../../worker/create-worker';
import { waitFor } from '../support/pipeline';
import { parsePrometheusText, valueOf } from './prom-text';

// What `npm run worker` does at start (worker/main.ts), in this test file's own process: the Runtime with the
// Temporal SDK's Prometheus exporter, then a worker; its metrics endpoint must carry temporal_* and trawl_*.
const taskQueue = 'test-observability-worker-metrics';
let endpoint: MetricsEndpoint | undefined;
let database: DatabaseHandle;
let nativeConnection: NativeConnection;
let connection: Connection;
let worker: Worker;
let running: Promise<void>;
let deps: ReturnType<typeof createActivityDeps>;

beforeAll(async () => {
  endpoint = await installWorkerTelemetry({ address: '127.0.0.1:0', logger: new DefaultLogger('WARN') });
  database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  const address = inject('temporalAddress');
  nativeConnection = await NativeConnection.connect({ address });
  connection = await Connection.connect({ address });
  deps = createActivityDeps(parseConfig({ TEMPORAL_TASK_QUEUE: taskQueue }), database.db);
  worker = await createTrawlWorker({ connection: nativeConnection, namespace: 'default', taskQueue, deps, workflowBundle: { codePath: inject('workflowBundlePath') } });
  running = worker.run();
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await deps?.close();
  await connection?.close();
  await nativeConnection?.close();
  await database?.close();
  await endpoint?.close();
});

describe('the worker metrics endpoint (TRAWL_WORKER_METRICS_ADDRESS)', () => {
  it('serves the Temporal SDK worker metrics and the trawl_* pipeline metrics on one /metrics', async () => {
    expect(Runtime._instance?.options.runtimeOptions.metricsExporter).toMatchObject({ type: 'prometheus' });
    expect(endpoint?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    // One workflow with one activity through this worker: the retention workflow on an empty database.
    const client = new Client({ connection });
    const result = await client.workflow.execute('retentionWorkflow', { taskQueue, workflowId: `worker-metrics-${Date.now()}`, args: [{}] });
    expect(result).toMatchObject({ bodiesCleared: 0, deliveriesDeleted: 0 });

    const scraped = await waitFor(async () => {
      const response = await fetch(endpoint!.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      const parsed = parsePrometheusText(text);
      return valueOf(parsed, 'temporal_activity_execution_latency_count', { activity_type: 'applyRetention' }) >= 1 ? { parsed, text } : undefined;
    }, { what: 'the SDK to report the activity execution', timeoutMs: 10_000 });
    const { parsed: samples, text } = scraped;
    // Each metric family is declared once: the two sources do not overlap.
    const declared = [...text.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1]);
    expect(declared.length).toBeGreaterThan(10);
    expect(new Set(declared).size).toBe(declared.length);

    expect(valueOf(samples, 'trawl_step_duration_seconds_count', { step: 'retention' })).toBe(1);
    expect(samples.some((sample) => sample.name === 'temporal_worker_task_slots_available')).toBe(true);
    expect(valueOf(samples, 'temporal_workflow_completed', { workflow_type: 'retentionWorkflow' })).toBeGreaterThanOrEqual(1);
    const families = new Set(samples.map((sample) => sample.name.replace(/_(bucket|sum|count)$/, '')));
    expect([...families].some((name) => name.startsWith('trawl_'))).toBe(true);
    expect([...families].some((name) => name.startsWith('temporal_'))).toBe(true);

    expect((await fetch(endpoint!.url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('parses bind addresses', () => {
    expect(parseBindAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseBindAddress('[::]:9464')).toEqual({ host: '::', port: 9464 });
    expect(parseBindAddress(':9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(() => parseBindAddress('9464')).toThrow(/host:port/);
    expect(parseConfig({}).TRAWL_WORKER_METRICS_ADDRESS).toBe('127.0.0.1:9464');
    expect(() => parseConfig({ TRAWL_WORKER_METRICS_ADDRESS: 'nope' })).toThrow(/TRAWL_WORKER_METRICS_ADDRESS/);
  });
});
