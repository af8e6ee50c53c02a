import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { registerRoutes } from '../openapi-helpers';
import { scrapeHandlers } from './scrapes.handlers';
import {
  cancelScrapeRoute, createScrapeRoute, getScrapeRoute, getSummaryRoute, listPagesRoute, listScrapesRoute,
} from './scrapes.routes';

export function registerScrapeRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  registerRoutes(app, {
    create: createScrapeRoute, list: listScrapesRoute, get: getScrapeRoute,
    pages: listPagesRoute, summary: getSummaryRoute, cancel: cancelScrapeRoute,
  }, scrapeHandlers(deps));
}
