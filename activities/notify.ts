import { Context } from '@temporalio/activity';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { deliveries, events, runs, schedules, scrapeChanges, scrapes, summaries, webhooks } from '../db/schema';
import { FetchFailure } from '../lib/http';
import type { WebhookEventType } from '../lib/scrape-options';
import { signedHeaders } from '../lib/webhooks/signing';
import type { ActivityDeps } from './deps';
import { permanentFailure, transientFailure } from './failures';
import { SCRAPE_SUMMARY_SCOPE } from './summarize';

export interface NotifyEventInput { scrapeId: string; type: WebhookEventType }
type EventPayload = { type: string; timestamp: string; data: Record<string, unknown> };

/**
 * Delivers one event of a scrape to every webhook subscribed to it (the tenant's and the scrape's own), signed per
 * Standard Webhooks. The event is stored first, so every retry sends the same id and body; webhooks that already
 * answered 2xx are not sent it again; each attempt is recorded.
 */
export function createNotifyActivity({ db, fetcher, webhookTimeoutMs }: Pick<ActivityDeps, 'db' | 'fetcher' | 'webhookTimeoutMs'>) {
  async function storedEvent(scrapeId: string, type: WebhookEventType): Promise<{ id: string; tenantId: string; payload: EventPayload }> {
    const id = `evt_${scrapeId}_${type.replace(/^\w+\./, '')}`;
    const [existing] = await db.select().from(events).where(eq(events.id, id));
    if (existing) return existing;
    const [scrape] = await db
      .select({ tenantId: scrapes.tenantId, url: scrapes.url, workflowId: scrapes.workflowId, scheduleId: scrapes.scheduleId, run: runs })
      .from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id)).where(eq(scrapes.id, scrapeId));
    if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
    const [summary] = await db.select({ text: summaries.text, method: summaries.method }).from(summaries)
      .where(and(eq(summaries.scrapeId, scrapeId), eq(summaries.scope, SCRAPE_SUMMARY_SCOPE)));
    const { run } = scrape;
    const extra = await extraData(scrapeId, scrape.scheduleId, type);
    const payload: EventPayload = {
      type,
      timestamp: new Date().toISOString(),
      data: {
        scrapeId, workflowId: scrape.workflowId, url: scrape.url, scheduleId: scrape.scheduleId, status: run.status,
        pages: { discovered: run.pagesDiscovered, fetched: run.pagesFetched, failed: run.pagesFailed },
        ...(type === 'scrape.completed' && summary ? { summary } : {}),
        ...(run.error ? { error: run.error } : {}),
        ...extra,
      },
    };
    await db.insert(events).values({ id, tenantId: scrape.tenantId, scrapeId, type, payload }).onConflictDoNothing();
    const [stored] = await db.select().from(events).where(eq(events.id, id));
    return stored;
  }

  /** What a scheduled run's events add: the changes, or the schedule's failure streak. */
  async function extraData(scrapeId: string, scheduleId: string | null, type: WebhookEventType): Promise<Record<string, unknown>> {
    if (type === 'scrape.changed') {
      const [row] = await db.select({ changes: scrapeChanges.changes, previousScrapeId: scrapeChanges.previousScrapeId }).from(scrapeChanges).where(eq(scrapeChanges.scrapeId, scrapeId));
      return row ? { previousScrapeId: row.previousScrapeId, changes: row.changes } : {};
    }
    if (type.startsWith('schedule.') && scheduleId) {
      const [schedule] = await db.select({ consecutiveFailures: schedules.consecutiveFailures, failureThreshold: schedules.failureThreshold })
        .from(schedules).where(eq(schedules.id, scheduleId));
      return schedule ? { schedule: { id: scheduleId, ...schedule } } : {};
    }
    return {};
  }

  async function deliver(event: { id: string }, body: string, hook: { id: string; url: string; secret: string }, attempt: number) {
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetcher.post(hook.url, {
        body,
        headers: signedHeaders(hook.secret, event.id, body),
        signal: AbortSignal.any([AbortSignal.timeout(webhookTimeoutMs), Context.current().cancellationSignal]),
      });
      statusCode = response.status;
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = caught instanceof FetchFailure ? `${caught.type}: ${caught.message}` : String(caught);
    }
    await db.insert(deliveries)
      .values({ eventId: event.id, webhookId: hook.id, attempt, ok: error === null, statusCode, durationMs: Date.now() - started, error })
      .onConflictDoNothing();
    return error;
  }

  return {
    async notifyEvent({ scrapeId, type }: NotifyEventInput): Promise<{ delivered: number; failed: number }> {
      const event = await storedEvent(scrapeId, type);
      const scheduleId = (event.payload.data.scheduleId as string | null) ?? null;
      const subscribed = await db.select({ id: webhooks.id, url: webhooks.url, secret: webhooks.secret }).from(webhooks).where(and(
        eq(webhooks.tenantId, event.tenantId),
        or(
          and(isNull(webhooks.scrapeId), isNull(webhooks.scheduleId)),
          eq(webhooks.scrapeId, scrapeId),
          scheduleId ? eq(webhooks.scheduleId, scheduleId) : undefined,
        ),
        sql`${webhooks.events} @> ${JSON.stringify([type])}::jsonb`,
        sql`not exists (select 1 from ${deliveries} where ${deliveries.eventId} = ${event.id} and ${deliveries.webhookId} = ${webhooks.id} and ${deliveries.ok})`,
      ));
      const body = JSON.stringify(event.payload);
      const { attempt } = Context.current().info;
      const failures = (await Promise.all(subscribed.map((hook) => deliver(event, body, hook, attempt)))).filter(Boolean);
      if (failures.length > 0) {
        throw transientFailure('WebhookDeliveryFailed', `${failures.length} of ${subscribed.length} deliveries of ${event.id} failed: ${failures[0]}`);
      }
      return { delivered: subscribed.length, failed: 0 };
    },
  };
}
