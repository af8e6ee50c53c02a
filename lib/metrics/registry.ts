import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Trawl's own Prometheus metrics: one registry per process. The API's HTTP middleware and the worker's activity
 * interceptor write into it; `GET /metrics` on the API (and the worker's metrics endpoint) read it. In `npm start`
 * the API and the worker share the process, so the API's `/metrics` shows both sides.
 */
export function createTrawlMetrics(registry = new Registry()) {
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'trawl_http_requests_total',
      help: 'HTTP requests answered by the API, by method, matched route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'trawl_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and matched route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    httpInFlight: new Gauge({
      name: 'trawl_http_requests_in_flight',
      help: 'HTTP requests being answered right now',
      registers,
    }),
    scrapes: new Counter({
      name: 'trawl_scrapes_total',
      help: 'Scrape runs finished, by final status (completed, failed, cancelled)',
      labelNames: ['status'] as const,
      registers,
    }),
    pagesFetched: new Counter({ name: 'trawl_pages_fetched_total', help: 'Pages fetched (or reused from the cache) and stored', registers }),
    pagesFailed: new Counter({ name: 'trawl_pages_failed_total', help: 'Pages given up on after their retries', registers }),
    fetchBytes: new Counter({
      name: 'trawl_fetch_bytes_total',
      help: 'Uncompressed bytes of page bodies downloaded (cache hits and 304 revalidations count nothing)',
      registers,
    }),
    stepDuration: new Histogram({
      name: 'trawl_step_duration_seconds',
      help: 'Duration of one execution (attempt) of a pipeline step: start, fetch, parse, validate, summarize, finish, notify',
      labelNames: ['step'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    activityRetries: new Counter({
      name: 'trawl_activity_retries_total',
      help: 'Activity executions that were retries (attempt > 1), by activity type',
      labelNames: ['activity'] as const,
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'trawl_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome (delivered, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
}

export type TrawlMetrics = ReturnType<typeof createTrawlMetrics>;

let processMetrics: TrawlMetrics | undefined;

/** The process's metrics (created on first use, with Node's default process_* and nodejs_* metrics). */
export function trawlMetrics(): TrawlMetrics {
  if (!processMetrics) {
    processMetrics = createTrawlMetrics();
    collectDefaultMetrics({ register: processMetrics.registry });
  }
  return processMetrics;
}
