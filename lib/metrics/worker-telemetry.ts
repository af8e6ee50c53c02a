import { Runtime, type Logger } from '@temporalio/worker';
import { freeLoopbackPort, serveMetrics, type MetricsEndpoint } from './endpoint';
import { trawlMetrics } from './registry';

/**
 * Installs the Temporal Runtime with its Prometheus exporter and serves the worker's metrics on `address`
 * (TRAWL_WORKER_METRICS_ADDRESS): the Temporal SDK's own `temporal_*` worker metrics and Trawl's pipeline metrics
 * (`trawl_*`, from the activity interceptor) on one `/metrics`, the target Prometheus scrapes as `worker:9464`.
 *
 * The SDK's exporter cannot share a port with a Node server, so it listens on a free loopback port and its text is
 * appended to the registry's. Must run before any Temporal connection or worker is created in the process.
 * An empty `address` installs the Runtime without metrics and serves nothing.
 */
export async function installWorkerTelemetry({ address, logger }: { address: string; logger?: Logger }): Promise<MetricsEndpoint | undefined> {
  if (!address.trim()) {
    Runtime.install({ ...(logger ? { logger } : {}) });
    return undefined;
  }
  const corePort = await freeLoopbackPort();
  const bindAddress = `127.0.0.1:${corePort}`;
  Runtime.install({ ...(logger ? { logger } : {}), telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
  return serveMetrics({ address, registry: trawlMetrics().registry, upstream: `http://${bindAddress}/metrics` });
}
