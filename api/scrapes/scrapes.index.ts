import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { scrapeHandlers } from './scrapes.handlers';
import {
  cancelScrapeRoute, createScrapeRoute, getScrapeRoute, getSummaryRoute, listPagesRoute, listScrapesRoute,
} from './scrapes.routes';

export function registerScrapeRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const handlers = scrapeHandlers(deps);
  app.openapi(createScrapeRoute, handlers.create);
  app.openapi(listScrapesRoute, handlers.list);
  app.openapi(getScrapeRoute, handlers.get);
  app.openapi(listPagesRoute, handlers.pages);
  app.openapi(getSummaryRoute, handlers.summary);
  app.openapi(cancelScrapeRoute, handlers.cancel);
}
