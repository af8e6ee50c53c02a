import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

const normalizeOrigin = (origin: string) => origin.trim().replace(/\/+$/, '').toLowerCase();

/**
 * CORS for an allowlist of origins (TRAWL_CORS_ORIGINS; `*` allows any). An allowed origin gets the usual headers and
 * its preflight a 204 with them; any other origin gets no CORS header at all (its preflight a bare 204, which a
 * browser treats as a refusal). Preflights are answered here, before authentication: browsers send them without keys.
 */
export function corsAllowlist(origins: string[]): MiddlewareHandler {
  const allowed = new Set(origins.map(normalizeOrigin).filter(Boolean));
  const any = allowed.has('*');
  const isAllowed = (origin: string) => any || allowed.has(normalizeOrigin(origin));
  const allow = cors({
    origin: (origin) => (isAllowed(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-ID'],
    exposeHeaders: ['X-Request-ID', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  });
  return (c, next) => {
    const origin = c.req.header('origin');
    if (origin && isAllowed(origin)) return allow(c, next);
    if (origin && c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      return Promise.resolve(c.body(null, 204, { Vary: 'Origin' }));
    }
    // Before next(), like every header that does not depend on the answer: set on a finished response, it would make
    // Hono rebuild that response.
    if (allowed.size > 0) c.header('Vary', 'Origin', { append: true });
    return next();
  };
}
