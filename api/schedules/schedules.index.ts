import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { scheduleHandlers } from './schedules.handlers';
import * as routes from './schedules.routes';

export function registerScheduleRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  const handlers = scheduleHandlers(deps);
  app.openapi(routes.createScheduleRoute, handlers.create);
  app.openapi(routes.listSchedulesRoute, handlers.list);
  app.openapi(routes.getScheduleRoute, handlers.get);
  app.openapi(routes.updateScheduleRoute, handlers.update);
  app.openapi(routes.pauseScheduleRoute, handlers.pause);
  app.openapi(routes.unpauseScheduleRoute, handlers.unpause);
  app.openapi(routes.triggerScheduleRoute, handlers.trigger);
  app.openapi(routes.backfillScheduleRoute, handlers.backfill);
  app.openapi(routes.deleteScheduleRoute, handlers.remove);
  app.openapi(routes.scheduleHistoryRoute, handlers.history);
}
