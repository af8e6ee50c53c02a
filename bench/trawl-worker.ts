/**
 * A Trawl worker in its own process, built exactly as `worker/main.ts` builds one (createActivityDeps +
 * createTrawlWorker), but loading the workflow bundle the benchmark built (BENCH_WORKFLOW_BUNDLE) so a stale
 * `dist/` bundle is never measured. Configured by the usual environment (DATABASE_URL, TEMPORAL_ADDRESS,
 * TEMPORAL_TASK_QUEUE, TRAWL_HOST_CONCURRENCY, …).
 *
 * Prints `READY` once polling. IPC: `{ type: 'stats' }` answers with memory, CPU time and event-loop delay since the
 * last `{ type: 'reset' }`. SIGTERM shuts it down gracefully.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openDatabase } from '../db/client';
import { parseConfig } from '../lib/config';
import { createActivityDeps } from '../worker/activity-deps';
import { createTrawlWorker } from '../worker/create-worker';

Runtime.install({ logger: new DefaultLogger('WARN') });
const config = parseConfig();
if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL) throw new Error('TEMPORAL_ADDRESS and DATABASE_URL are required');
const bundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
if (!bundlePath) throw new Error('BENCH_WORKFLOW_BUNDLE is required');

const database = await openDatabase({ url: config.DATABASE_URL });
const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
const deps = createActivityDeps(config, database.db);
const worker = await createTrawlWorker({
  connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, deps,
  workflowBundle: { codePath: bundlePath },
});

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let cpuAtReset = process.cpuUsage();
process.on('message', (message: { type?: string }) => {
  if (message?.type === 'reset') {
    loopDelay.reset();
    cpuAtReset = process.cpuUsage();
    process.send?.({ type: 'reset' });
  } else if (message?.type === 'stats') {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const cpu = process.cpuUsage(cpuAtReset);
    const memory = process.memoryUsage();
    process.send?.({
      type: 'stats',
      peakRssMb: kb('VmHWM') / 1024,
      rssMb: kb('VmRSS') / 1024,
      heapUsedMb: memory.heapUsed / 1024 / 1024,
      externalMb: memory.external / 1024 / 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      eventLoopDelayMaxMs: loopDelay.max / 1e6,
    });
  }
});

const running = worker.run();
process.stdout.write('READY\n');
await running;
await deps.close();
await connection.close();
await database.close();
process.exit(0);
