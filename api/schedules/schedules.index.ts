import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps, AppEnv } from '../deps';
import { registerRoutes } from '../openapi-helpers';
import { scheduleHandlers } from './schedules.handlers';
import * as routes from './schedules.routes';

export function registerScheduleRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  registerRoutes(app, {
    create: routes.createScheduleRoute, list: routes.listSchedulesRoute, get: routes.getScheduleRoute,
    update: routes.updateScheduleRoute, pause: routes.pauseScheduleRoute, unpause: routes.unpauseScheduleRoute,
    trigger: routes.triggerScheduleRoute, backfill: routes.backfillScheduleRoute, remove: routes.deleteScheduleRoute,
    history: routes.scheduleHistoryRoute,
  }, scheduleHandlers(deps));
}
