import type { RouteHandler } from '@hono/zod-openapi';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { fieldHistory, listSchedules, scrapesByWorkflowId } from '../../db/queries/schedules';
import { schedules, webhooks } from '../../db/schema';
import { newId } from '../../lib/ids';
import { scheduleRequestSchema, type ScheduleRequest } from '../../lib/schedule-options';
import { newWebhookSecret } from '../../lib/webhooks/signing';
import { decodeCursor, encodeCursor } from '../cursor';
import type { ApiDeps, AppEnv } from '../deps';
import { badRequest, zodDetails } from '../errors';
import {
  assertScheduleRequestUsable, createSchedule, eventsForMode, onTemporalSchedule, requireSchedule, scheduleHandle,
} from './schedule-service';
import { temporalAction, temporalOverlap, temporalScheduleId, temporalSpec } from './schedule-spec';
import type * as routes from './schedules.routes';

type Handler<R extends Parameters<typeof import('@hono/zod-openapi').createRoute>[0]> = RouteHandler<R, AppEnv>;
type ScheduleRow = Awaited<ReturnType<typeof requireSchedule>>;

const MAX_BACKFILL_MS = 7 * 24 * 3600_000;

const links = (id: string) => ({
  self: `/v1/schedules/${id}`, runs: `/v1/scrapes?scheduleId=${id}`, history: `/v1/schedules/${id}/history?field=`,
});

function baseView(row: ScheduleRow) {
  return {
    id: row.id,
    temporalScheduleId: temporalScheduleId(row.id),
    scrape: row.scrape,
    spec: row.spec,
    notify: { mode: row.notifyMode, failureThreshold: row.failureThreshold, consecutiveFailures: row.consecutiveFailures, alerting: row.alerting },
    createdAt: row.createdAt.toISOString(),
    links: links(row.id),
  };
}

/** The stored request with `update`'s fields in place of the old ones, validated as a whole. */
function mergedRequest(row: ScheduleRow, update: Partial<ScheduleRequest>): ScheduleRequest {
  const stored = row.spec as Partial<ScheduleRequest>;
  const when = update.cron !== undefined ? { interval: undefined } : update.interval !== undefined ? { cron: undefined } : {};
  const candidate = {
    ...stored, ...when, ...update,
    scrape: update.scrape ?? row.scrape,
    notify: update.notify ?? { mode: row.notifyMode, failureThreshold: row.failureThreshold, webhooks: [] },
  };
  const parsed = scheduleRequestSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
  if (!parsed.success) throw badRequest('the updated schedule is not valid', zodDetails(parsed.error.issues));
  return parsed.data;
}

export function scheduleHandlers(deps: ApiDeps) {
  const create: Handler<typeof routes.createScheduleRoute> = async (c) => {
    const request = c.req.valid('json');
    assertScheduleRequestUsable(deps, request);
    const created = await createSchedule(deps, c.get('tenantId'), request);
    return c.json({ id: created.id, temporalScheduleId: temporalScheduleId(created.id), links: links(created.id), webhooks: created.webhooks }, 201);
  };

  const list: Handler<typeof routes.listSchedulesRoute> = async (c) => {
    const { cursor, limit } = c.req.valid('query');
    const after = decodeCursor<[string]>(cursor, ['string'])?.[0];
    const rows = await listSchedules(deps.db, { tenantId: c.get('tenantId'), limit, after });
    return c.json({ data: rows.map(baseView), nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].id]) : null }, 200);
  };

  const get: Handler<typeof routes.getScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const description = await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).describe());
    const recent = description.info.recentActions.slice(-10);
    const workflowIds = recent.map((action) => action.action.workflow.workflowId);
    const scrapeByWorkflow = await scrapesByWorkflowId(deps.db, workflowIds);
    return c.json({
      ...baseView(row),
      paused: description.state.paused,
      note: description.state.note ?? null,
      nextRunTimes: description.info.nextActionTimes.slice(0, 5).map((time) => time.toISOString()),
      recentRuns: recent.map((action) => {
        const scrape = scrapeByWorkflow.get(action.action.workflow.workflowId);
        return { scheduledAt: action.scheduledAt.toISOString(), workflowId: action.action.workflow.workflowId, scrapeId: scrape?.scrapeId ?? null, status: scrape?.status ?? 'queued' };
      }),
    }, 200);
  };

  const update: Handler<typeof routes.updateScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const changes = c.req.valid('json');
    const request = mergedRequest(row, changes);
    assertScheduleRequestUsable(deps, request);
    const { notify, scrape, paused: _paused, note: _note, ...when } = request;
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).update((previous) => ({
      ...previous,
      spec: temporalSpec(request),
      action: temporalAction(row.id, row.tenantId, scrape.url, deps),
      policies: { ...previous.policies, overlap: temporalOverlap(request.overlap), catchupWindow: request.catchupWindow ?? previous.policies.catchupWindow },
    })));
    const stored = row.spec as Partial<ScheduleRequest>;
    const replacedHooks = changes.notify?.webhooks ? notify.webhooks.map((hook) => ({
      id: newId(), tenantId: row.tenantId, scheduleId: row.id, url: hook.url, events: eventsForMode(notify.mode), secret: newWebhookSecret(),
    })) : [];
    await deps.db.transaction(async (tx) => {
      await tx.update(schedules).set({
        scrape, spec: { ...when, paused: stored.paused, note: stored.note }, notifyMode: notify.mode, failureThreshold: notify.failureThreshold, updatedAt: new Date(),
      }).where(eq(schedules.id, row.id));
      if (changes.notify?.webhooks) {
        await tx.delete(webhooks).where(eq(webhooks.scheduleId, row.id));
        if (replacedHooks.length > 0) await tx.insert(webhooks).values(replacedHooks);
      } else {
        await tx.update(webhooks).set({ events: eventsForMode(notify.mode) }).where(eq(webhooks.scheduleId, row.id));
      }
    });
    return c.json({ id: row.id, webhooks: replacedHooks.map(({ id, url, events, secret }) => ({ id, url, events, secret })) }, 200);
  };

  const pause: Handler<typeof routes.pauseScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const note = (await c.req.json().catch(() => ({})) as { note?: string }).note;
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).pause(note ?? 'paused through the API'));
    return c.json({ id: row.id, status: 'paused' }, 200);
  };

  const unpause: Handler<typeof routes.unpauseScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const note = (await c.req.json().catch(() => ({})) as { note?: string }).note;
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).unpause(note ?? 'unpaused through the API'));
    return c.json({ id: row.id, status: 'active' }, 200);
  };

  const trigger: Handler<typeof routes.triggerScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).trigger(ScheduleOverlapPolicy.ALLOW_ALL));
    return c.json({ id: row.id, status: 'triggered' }, 202);
  };

  const backfill: Handler<typeof routes.backfillScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const { start, end, overlap } = c.req.valid('json');
    const [from, to] = [new Date(start), new Date(end)];
    if (from >= to) throw badRequest('the backfill range is empty', [{ path: 'end', message: 'end must be after start' }]);
    if (to.getTime() - from.getTime() > MAX_BACKFILL_MS) throw badRequest('the backfill range is too long', [{ path: 'end', message: 'at most 7 days per backfill' }]);
    const policy = temporalOverlap(overlap ?? (row.spec as ScheduleRequest).overlap ?? 'skip');
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).backfill([{ start: from, end: to, overlap: policy }]));
    return c.json({ id: row.id, status: 'backfilling' }, 202);
  };

  const remove: Handler<typeof routes.deleteScheduleRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    await onTemporalSchedule(row.id, () => scheduleHandle(deps.temporal, row.id).delete()).catch((error) => {
      if ((error as { status?: number }).status !== 404) throw error;
    });
    await deps.db.delete(schedules).where(and(eq(schedules.tenantId, row.tenantId), eq(schedules.id, row.id)));
    return c.body(null, 204);
  };

  const history: Handler<typeof routes.scheduleHistoryRoute> = async (c) => {
    const row = await requireSchedule(deps.db, c.get('tenantId'), c.req.valid('param').id);
    const { field, limit } = c.req.valid('query');
    return c.json({ field, data: await fieldHistory(deps.db, { tenantId: row.tenantId, scheduleId: row.id, field, limit }) }, 200);
  };

  return { create, list, get, update, pause, unpause, trigger, backfill, remove, history };
}
