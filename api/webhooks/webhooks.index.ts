import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { registerRoutes } from '../openapi-helpers';
import { webhookHandlers } from './webhooks.handlers';
import { createWebhookRoute, deleteWebhookRoute, getWebhookRoute, listWebhooksRoute } from './webhooks.routes';

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  registerRoutes(app, { create: createWebhookRoute, list: listWebhooksRoute, get: getWebhookRoute, remove: deleteWebhookRoute }, webhookHandlers(deps));
}
