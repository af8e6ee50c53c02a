import { existsSync } from 'node:fs';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { metricsInterceptor } from './interceptors/metrics';
import { workflowBundlePath, workflowsPath } from './workflow-paths';

export interface TrawlWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A bundle to load; by default production workers load the prebuilt one (`npm run build`), others bundle at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The worker that runs Trawl's workflows and activities. */
export function createTrawlWorker({ connection, namespace, taskQueue, deps, workflowBundle }: TrawlWorkerOptions): Promise<Worker> {
  // Only production loads dist/: in development a bundle left from an older checkout would run stale workflows.
  const prebuilt = process.env.NODE_ENV === 'production' && existsSync(workflowBundlePath) ? { codePath: workflowBundlePath } : undefined;
  const bundle = workflowBundle ?? prebuilt;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities: createActivities(deps),
    // Trawl's pipeline metrics (lib/metrics), fed from every activity execution.
    interceptors: { activity: [metricsInterceptor()] },
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath }),
    // Cancellation reaches an activity with its next heartbeat; cap the throttle so a cancel lands within a second.
    maxHeartbeatThrottleInterval: '500ms',
    defaultHeartbeatThrottleInterval: '500ms',
    shutdownGraceTime: '10s',
  });
}
