import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { keyHandlers } from './keys.handlers';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.routes';

export function registerKeyRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const handlers = keyHandlers(deps);
  app.openapi(createKeyRoute, handlers.create);
  app.openapi(listKeysRoute, handlers.list);
  app.openapi(revokeKeyRoute, handlers.revoke);
}
