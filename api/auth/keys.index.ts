import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { registerRoutes } from '../openapi-helpers';
import { keyHandlers } from './keys.handlers';
import { createKeyRoute, listKeysRoute, revokeKeyRoute } from './keys.routes';

export function registerKeyRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  registerRoutes(app, { create: createKeyRoute, list: listKeysRoute, revoke: revokeKeyRoute }, keyHandlers(deps));
}
