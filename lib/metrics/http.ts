import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { trawlMetrics, type TrawlMetrics } from './registry';

/** The `route` label of a request no route matched (404s of unknown paths): never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts and times every request by method, the matched route pattern (`/v1/scrapes/:id`, never the raw path with
 * ids, so the label set stays bounded) and status. Mount it first so that it sees every answer, errors included.
 */
export function httpMetrics(metrics: TrawlMetrics = trawlMetrics()): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    metrics.httpInFlight.inc();
    try {
      await next();
    } finally {
      metrics.httpInFlight.dec();
      const method = c.req.method;
      const route = routePattern(c);
      metrics.httpRequests.inc({ method, route, status: String(c.res.status) });
      metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
    }
  };
}

/** The pattern of the handler that answered: the last matched route that is not middleware (`app.use` is `ALL`). */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    if (routes[i].method !== 'ALL') return routes[i].path;
  }
  return UNMATCHED_ROUTE;
}

/** `GET /metrics`: the process's registry in the Prometheus text format. */
export function metricsHandler(metrics: TrawlMetrics = trawlMetrics()) {
  return async (c: Context) => {
    c.header('content-type', metrics.registry.contentType);
    c.header('cache-control', 'no-store');
    return c.body(await metrics.registry.metrics(), 200);
  };
}
