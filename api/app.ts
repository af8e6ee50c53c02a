import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { httpMetrics, metricsHandler } from '../lib/metrics/http';
import { accessControl } from './auth/access-control';
import { registerKeyRoutes } from './auth/keys.index';
import type { ApiDeps, AppEnv } from './deps';
import { ApiError, errorResponse, zodDetails } from './errors';
import { registerHealthRoutes } from './health/health.index';
import { whenAccepted, withBody } from './middleware/conditional';
import { corsAllowlist } from './middleware/cors';
import { rejectUnstorableText } from './middleware/reject-unstorable-text';
import { requestContext } from './middleware/request-context';
import { securityHeaders } from './middleware/security-headers';
import { registerScheduleRoutes } from './schedules/schedules.index';
import { registerScrapeRoutes } from './scrapes/scrapes.index';
import { registerWebhookRoutes } from './webhooks/webhooks.index';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP API: every route under /v1 is defined with OpenAPI, and every error is JSON. */
export function createApp(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return errorResponse(c, new ApiError(400, 'invalid_request', `the request ${result.target} is not valid`, zodDetails(result.error.issues, result.target === 'json' ? '' : result.target)));
      }
    },
  });

  // First, so it counts every answer (by route pattern, never the raw path).
  app.use('*', httpMetrics());
  // Outermost first: request id + access log, security headers, compression, CORS (preflights answered before any
  // key is asked for), then authentication, rate limit and scopes, which set the request's tenant.
  app.use('*', requestContext(deps.logger));
  app.use('*', securityHeaders());
  app.use('*', whenAccepted(compress()));
  app.use('/v1/*', corsAllowlist(deps.access.corsOrigins ?? []));
  app.use('/v1/*', accessControl(deps));
  app.use('/v1/*', withBody(bodyLimit({
    maxSize: MAX_BODY_BYTES,
    // The rest of the body is never read, so Node closes the connection: say so, or a keep-alive client reuses it and fails.
    onError: (c) => { c.header('Connection', 'close'); return errorResponse(c, new ApiError(413, 'payload_too_large', `the body is over ${MAX_BODY_BYTES} bytes`)); },
  })));
  app.use('/v1/*', rejectUnstorableText());

  registerHealthRoutes(app, deps);
  registerScrapeRoutes(app, deps);
  registerScheduleRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerKeyRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer trawl_…` (see README, Access control)',
  });
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    security: [{ apiKey: [] }],
    info: { title: 'Trawl API', version: '0.1.0', description: 'Durable, observable web-scraping pipelines on Temporal' },
  });
  app.get('/docs', swaggerUI({ url: '/v1/openapi.json' }));
  // Prometheus text format; outside /v1 and the OpenAPI document.
  app.get('/metrics', metricsHandler());

  app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof HTTPException) {
      const status = error.status >= 500 ? 400 : error.status;
      return errorResponse(c, new ApiError(status as 400, status === 400 ? 'invalid_request' : 'http_error', error.message || 'bad request'));
    }
    // A safety net behind the request checks: PostgreSQL refusing a value (class 22, data exception) is the client's.
    if (postgresErrorClass(error) === '22') return errorResponse(c, new ApiError(400, 'invalid_request', 'a value in the request cannot be stored'));
    console.error(error);
    return errorResponse(c, new ApiError(500, 'internal_error', 'an unexpected error occurred'));
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The SQLSTATE class of a PostgreSQL error, also when drizzle wraps it as the `cause`. */
function postgresErrorClass(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 3; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.slice(0, 2);
  }
  return undefined;
}
