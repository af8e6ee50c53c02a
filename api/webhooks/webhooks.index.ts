import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { webhookHandlers } from './webhooks.handlers';
import { createWebhookRoute, deleteWebhookRoute, getWebhookRoute, listWebhooksRoute } from './webhooks.routes';

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const handlers = webhookHandlers(deps);
  app.openapi(createWebhookRoute, handlers.create);
  app.openapi(listWebhooksRoute, handlers.list);
  app.openapi(getWebhookRoute, handlers.get);
  app.openapi(deleteWebhookRoute, handlers.remove);
}
