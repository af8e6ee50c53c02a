import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from '../deps';

export const REQUEST_ID_HEADER = 'X-Request-ID';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's X-Request-ID when it is 1–128 characters of A-Z a-z 0-9 . _ -; anything else is replaced. */
export function acceptableRequestId(value: string | undefined): string | undefined {
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/** The pattern of the route the request matched (`/v1/scrapes/:id`, never the raw path), or null for an unknown path. */
function answeringRoute(c: Parameters<MiddlewareHandler>[0]): string | null {
  try {
    const routes = matchedRoutes(c);
    for (let i = routes.length - 1; i >= 0; i--) if (routes[i].method !== 'ALL') return routes[i].path;
  } catch {
    // no match result (should not happen inside the app)
  }
  return null;
}

/**
 * Outermost middleware: gives every request an id (the caller's X-Request-ID if acceptable, else a UUID), echoes it
 * in the response and writes one JSON access-log line when the response is ready. Only the fields listed here are
 * logged: never headers, bodies or query strings, so an Authorization header or a key cannot reach the log.
 */
export function requestContext(logger?: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = acceptableRequestId(c.req.header(REQUEST_ID_HEADER)) ?? randomUUID();
    c.set('requestId', requestId);
    // Before next(): a header set on a finished response makes Hono rebuild it as a full undici Response (slow).
    c.header(REQUEST_ID_HEADER, requestId);
    await next();
    if (!logger) return;
    const status = c.res.status;
    const principal = c.get('principal');
    const line = {
      requestId,
      tenantId: principal?.tenantId ?? null,
      keyId: principal?.keyId ?? null,
      auth: principal?.kind ?? null,
      method: c.req.method,
      route: answeringRoute(c),
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) logger.error(line, 'request');
    else logger.info(line, 'request');
  };
}
