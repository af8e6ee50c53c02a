import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { schedules, webhooks } from '../../db/schema';
import { newId } from '../../lib/ids';
import { normalizeUrl } from '../../lib/http';
import { scheduleEventTypes, webhookEventTypes, type WebhookEventType } from '../../lib/scrape-options';
import type { NotifyMode, ScheduleRequest } from '../../lib/schedule-options';
import { newWebhookSecret } from '../../lib/webhooks/signing';
import type { ApiDeps } from '../deps';
import { ApiError, badRequest, notFound } from '../errors';
import { assertScrapeRequestUsable } from '../scrapes/scrape-request-checks';
import { urlProblem } from '../url-checks';
import { assertScheduleUsable, temporalAction, temporalOverlap, temporalScheduleId, temporalSpec } from './schedule-spec';

/** Which events a schedule's webhooks receive in each notify mode; failure alerts go to every mode. */
export function eventsForMode(mode: NotifyMode): WebhookEventType[] {
  if (mode === 'always') return [...webhookEventTypes];
  if (mode === 'on_change') return ['scrape.changed', 'schedule.failing', 'schedule.recovered'];
  return scheduleEventTypes.filter((type) => type !== 'scrape.changed');
}

export function assertScheduleRequestUsable(deps: ApiDeps, request: ScheduleRequest): void {
  assertScheduleUsable(request);
  assertScrapeRequestUsable(request.scrape, deps);
  if (request.scrape.notify.length > 0) {
    throw badRequest('a scheduled scrape is notified through the schedule', [{ path: 'scrape.notify', message: 'use notify.webhooks of the schedule' }]);
  }
  const problems = request.notify.webhooks.map((hook, i) => urlProblem(`notify.webhooks.${i}.url`, hook.url, deps.allowedHosts, deps.allowedPorts)).filter((p) => p !== null);
  if (problems.length > 0) throw badRequest('a webhook URL cannot be used', problems);
}

export async function requireSchedule(db: Database, tenantId: string, id: string) {
  const [row] = await db.select().from(schedules).where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id)));
  if (!row) throw notFound(`schedule ${id}`);
  return row;
}

/** Temporal refuses a bad spec (a cron it cannot parse) with INVALID_ARGUMENT: that is the client's mistake, a 400. */
export function temporalScheduleError(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: number; cause?: { code?: number } }).code ?? (error as { cause?: { code?: number } }).cause?.code;
  if (code === 3 || /invalid/i.test(message)) return badRequest('Temporal refused the schedule', [{ path: 'cron', message }]);
  return new ApiError(503, 'temporal_unavailable', `the schedule could not be saved in Temporal: ${message}`);
}

export async function createSchedule(deps: ApiDeps, tenantId: string, request: ScheduleRequest) {
  const id = newId();
  const scrape = { ...request.scrape, url: normalizeUrl(request.scrape.url) };
  const { notify, scrape: _scrape, ...when } = request;
  const hooks = notify.webhooks.map((hook) => ({
    id: newId(), tenantId, scheduleId: id, url: hook.url, events: eventsForMode(notify.mode), secret: newWebhookSecret(),
  }));
  await deps.db.transaction(async (tx) => {
    await tx.insert(schedules).values({ id, tenantId, scrape, spec: when, notifyMode: notify.mode, failureThreshold: notify.failureThreshold });
    if (hooks.length > 0) await tx.insert(webhooks).values(hooks);
  });
  try {
    await deps.temporal.schedule.create({
      scheduleId: temporalScheduleId(id),
      spec: temporalSpec(request),
      action: temporalAction(id, tenantId, scrape.url, deps),
      policies: { overlap: temporalOverlap(request.overlap), catchupWindow: request.catchupWindow },
      state: { paused: request.paused, note: request.note },
      memo: { tenantId, url: scrape.url },
    });
  } catch (error) {
    await deps.db.delete(schedules).where(eq(schedules.id, id));
    throw temporalScheduleError(error);
  }
  return { id, webhooks: hooks.map(({ id: hookId, url, events, secret }) => ({ id: hookId, url, events, secret })) };
}

export function scheduleHandle(client: Client, id: string) {
  return client.schedule.getHandle(temporalScheduleId(id));
}

/** Runs a Temporal schedule call; a schedule missing on the server is a 404, a server problem a 503. */
export async function onTemporalSchedule<T>(id: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw notFound(`schedule ${id}`);
    if (error instanceof ApiError) throw error;
    throw temporalScheduleError(error);
  }
}
