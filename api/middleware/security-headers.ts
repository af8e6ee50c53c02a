import type { MiddlewareHandler } from 'hono';

/** Where @hono/swagger-ui loads Swagger UI from. */
const SWAGGER_CDN = 'https://cdn.jsdelivr.net';

/** What hono/secure-headers sends by default (its defaults, with X-Frame-Options DENY), less the Content-Security-Policy. */
const COMMON: [string, string][] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const csp = (directives: Record<string, string[]>) =>
  Object.entries(directives).map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');

/** JSON answers: nothing may be loaded, framed or run. */
const API_SECURITY_HEADERS: [string, string][] = [
  ['Content-Security-Policy', csp({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] })],
  ...COMMON,
];

/** /docs: Swagger UI's script and styles from its CDN plus its one inline start-up script; still never framed. */
const DOCS_SECURITY_HEADERS: [string, string][] = [
  ['Content-Security-Policy', csp({
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", SWAGGER_CDN],
    'style-src': ["'self'", "'unsafe-inline'", SWAGGER_CDN],
    'img-src': ["'self'", 'data:', SWAGGER_CDN],
    'font-src': ["'self'", 'data:', SWAGGER_CDN],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  })],
  ...COMMON,
];

/**
 * The usual security headers on every answer, with a Content-Security-Policy that keeps the /docs page working. They
 * are constant, so they are set before the handler runs, into the headers its response is built with (like every
 * header of ours that does not depend on the answer); hono/secure-headers would set them on the finished response.
 */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) => {
    const path = c.req.path;
    for (const [name, value] of path === '/docs' || path.startsWith('/docs/') ? DOCS_SECURITY_HEADERS : API_SECURITY_HEADERS) c.header(name, value);
    return next();
  };
}
