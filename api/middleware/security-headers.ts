import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** Where @hono/swagger-ui loads Swagger UI from. */
const SWAGGER_CDN = 'https://cdn.jsdelivr.net';

/** JSON answers: nothing may be loaded, framed or run. */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  xFrameOptions: 'DENY',
});

/** /docs: Swagger UI's script and styles from its CDN plus its one inline start-up script; still never framed. */
const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'", SWAGGER_CDN],
    styleSrc: ["'self'", "'unsafe-inline'", SWAGGER_CDN],
    imgSrc: ["'self'", 'data:', SWAGGER_CDN],
    fontSrc: ["'self'", 'data:', SWAGGER_CDN],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
  xFrameOptions: 'DENY',
});

/** hono/secure-headers everywhere, with a Content-Security-Policy that keeps the /docs page working. */
export function securityHeaders(): MiddlewareHandler {
  return (c, next) => (c.req.path === '/docs' || c.req.path.startsWith('/docs/') ? docsHeaders(c, next) : apiHeaders(c, next));
}
