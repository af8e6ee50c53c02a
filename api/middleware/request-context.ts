import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { routePattern, UNMATCHED_ROUTE } from '../../lib/metrics/http';
import type { AppEnv } from '../deps';

export const REQUEST_ID_HEADER = 'X-Request-ID';
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** A caller's X-Request-ID when it is 1–128 characters of A-Z a-z 0-9 . _ -; anything else is replaced. */
export function acceptableRequestId(value: string | undefined): string | undefined {
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/**
 * Outermost middleware: gives every request an id (the caller's X-Request-ID if acceptable, else a UUID), echoes it
 * in the response and writes one JSON access-log line when the response is ready. Only the fields listed here are
 * logged: never headers, bodies or query strings, so an Authorization header or a key cannot reach the log.
 */
export function requestContext(logger?: Logger): MiddlewareHandler<AppEnv> {
  // The line's fields are fixed scalars that no redact path can match, but the logger's wildcard paths (`*.secret`)
  // would still run a redactor over every value: half the cost of the line.
  const accessLog = logger?.child({}, { redact: [] });
  return async (c, next) => {
    const started = performance.now();
    const requestId = acceptableRequestId(c.req.header(REQUEST_ID_HEADER)) ?? randomUUID();
    c.set('requestId', requestId);
    // Before next(): a header set on a finished response makes Hono rebuild it as a full undici Response (slow).
    c.header(REQUEST_ID_HEADER, requestId);
    await next();
    if (!accessLog) return;
    const status = c.res.status;
    const principal = c.get('principal');
    const route = routePattern(c);
    const line = {
      requestId,
      tenantId: principal?.tenantId ?? null,
      keyId: principal?.keyId ?? null,
      auth: principal?.kind ?? null,
      method: c.req.method,
      route: route === UNMATCHED_ROUTE ? null : route,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) accessLog.error(line, 'request');
    else accessLog.info(line, 'request');
  };
}
