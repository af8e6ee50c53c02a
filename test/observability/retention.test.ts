import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries, events, extractions, pages, runs, scrapes, summaries } from '../../db/schema';
import type { RetentionResult } from '../../activities/retention';
import { parseConfig } from '../../lib/config';
import { ensureRetentionSchedule, RETENTION_CRON } from '../../worker/retention-schedule';
import { waitFor } from '../support/pipeline';
import { useScrapeTestbed } from '../support/scrape-testbed';

// Retention deletes across the whole database, so this file has a database of its own (PGlite): the shared
// PostgreSQL of the other test files is never touched. The workflow runs on the real Temporal server, on the
// harness worker, exactly as the daily schedule runs it.
const testbed = useScrapeTestbed({ taskQueue: 'test-observability-retention', database: 'pglite', sitePages: 5 });
const { post, get } = testbed;

async function completedScrape(path: string): Promise<string> {
  const { status, body: started } = await post('/v1/scrapes', { url: testbed.site.url(path), notify: [{ url: testbed.receiver.url }] });
  expect(status).toBe(202);
  await waitFor(async () => (await get(`/v1/scrapes/${started.id}`)).body.status === 'completed', { what: `scrape ${started.id}` });
  // Both notifications (started, completed) delivered and recorded.
  await waitFor(async () => (await deliveriesOf(started.id)).length === 2, { what: `deliveries of ${started.id}` });
  return started.id;
}

const db = () => testbed.pipeline.database.db;
const deliveriesOf = (scrapeId: string) => db().select({ id: deliveries.id }).from(deliveries)
  .innerJoin(events, eq(events.id, deliveries.eventId)).where(eq(events.scrapeId, scrapeId));
const pagesOf = (scrapeId: string) => db().select({ id: pages.id, body: pages.body, contentHash: pages.contentHash, bodyBytes: pages.bodyBytes, status: pages.status })
  .from(pages).where(eq(pages.scrapeId, scrapeId));
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

/** Backdates everything of a scrape retention looks at. */
async function age(scrapeId: string, days: number) {
  await db().update(pages).set({ fetchedAt: daysAgo(days) }).where(eq(pages.scrapeId, scrapeId));
  const eventIds = db().select({ id: events.id }).from(events).where(eq(events.scrapeId, scrapeId));
  await db().update(deliveries).set({ createdAt: daysAgo(days) }).where(inArray(deliveries.eventId, eventIds));
}

const runRetention = (args: { retentionDays?: number; batchSize?: number }) => testbed.pipeline.client.workflow.execute('retentionWorkflow', {
  taskQueue: testbed.pipeline.taskQueue, workflowId: `test-retention-${Date.now()}-${Math.random().toString(36).slice(2)}`, args: [args],
}) as Promise<RetentionResult>;

describe('retentionWorkflow', () => {
  it('drops old raw bodies and delivery attempts in batches, keeping rows, hashes, extractions and summaries', async () => {
    const old = await completedScrape('/p/1');
    const oldToo = await completedScrape('/p/2');
    const recent = await completedScrape('/p/3');
    await age(old, 40);
    await age(oldToo, 31);
    // Just inside the retention period: kept.
    await age(recent, 29);

    // An old page of a run still in progress: its parse step may still need the body.
    const liveId = `live-${Date.now()}`;
    await db().insert(scrapes).values({ id: liveId, url: testbed.site.url('/p/4'), options: {}, optionsDigest: 'x', workflowId: `scrape-${liveId}` });
    await db().insert(runs).values({ scrapeId: liveId, workflowId: `scrape-${liveId}`, status: 'running' });
    await db().insert(pages).values({ scrapeId: liveId, url: testbed.site.url('/p/4'), status: 'fetched', body: new Uint8Array([1, 2, 3]), fetchedAt: daysAgo(90) });

    const before = { old: await pagesOf(old), oldToo: await pagesOf(oldToo) };
    expect(before.old[0].body).not.toBeNull();

    const result = await runRetention({ retentionDays: 30, batchSize: 1 });
    expect(result).toMatchObject({ bodiesCleared: 2, deliveriesDeleted: 4 });
    // One statement per row plus the one that found nothing, for each kind: bounded batches, heartbeating.
    expect(result.batches).toBe(3 + 5);
    expect(new Date(result.olderThan).getTime()).toBeCloseTo(daysAgo(30).getTime(), -5);

    for (const id of [old, oldToo]) {
      const [page] = await pagesOf(id);
      expect(page.body).toBeNull();
      expect(page).toMatchObject({ status: 'fetched', contentHash: before[id === old ? 'old' : 'oldToo'][0].contentHash });
      expect(page.bodyBytes).toBeGreaterThan(0);
      expect(await db().select().from(extractions).where(eq(extractions.pageId, page.id))).toHaveLength(1);
      expect(await db().select().from(summaries).where(eq(summaries.scrapeId, id))).not.toHaveLength(0);
      expect(await deliveriesOf(id)).toHaveLength(0);
      // The events themselves (the ids and bodies webhooks were sent) stay.
      expect(await db().select().from(events).where(eq(events.scrapeId, id))).toHaveLength(2);
      // The API still answers with the extraction and the summary.
      const { status, body } = await get(`/v1/scrapes/${id}/pages?content=true`);
      expect(status).toBe(200);
      expect(body.data[0].extraction.title).toMatch(/^Product \d$/);
      expect((await get(`/v1/scrapes/${id}/summary`)).status).toBe(200);
    }

    expect((await pagesOf(recent))[0].body).not.toBeNull();
    expect(await deliveriesOf(recent)).toHaveLength(2);
    expect((await pagesOf(liveId))[0].body).not.toBeNull();

    // Nothing left to do: a second run (as tomorrow's) changes nothing.
    expect(await runRetention({ retentionDays: 30 })).toMatchObject({ bodiesCleared: 0, deliveriesDeleted: 0, batches: 2 });
    const [{ withBody }] = await db().select({ withBody: sql<number>`count(*)::int` }).from(pages)
      .where(and(isNotNull(pages.body), inArray(pages.scrapeId, [recent, liveId])));
    expect(withBody).toBe(2);
  });

  it('uses 30 days when not told otherwise', async () => {
    expect(parseConfig({}).TRAWL_RETENTION_DAYS).toBe(30);
    const result = await runRetention({});
    expect(new Date(result.olderThan).getTime()).toBeCloseTo(daysAgo(30).getTime(), -5);
  });
});

describe('the trawl-retention schedule', () => {
  it('is created once, kept, updated when the retention period changes, runs the workflow, and removed at 0 days', async () => {
    const scheduleId = `test-retention-schedule-${Date.now()}`;
    const options = { taskQueue: testbed.pipeline.taskQueue, scheduleId };
    const handle = testbed.pipeline.client.schedule.getHandle(scheduleId);
    try {
      expect(await ensureRetentionSchedule(testbed.pipeline.client, { ...options, retentionDays: 30 })).toBe('created');
      // Every worker start calls it again: ScheduleAlreadyRunning is not an error.
      expect(await ensureRetentionSchedule(testbed.pipeline.client, { ...options, retentionDays: 30 })).toBe('unchanged');

      const described = await handle.describe();
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: testbed.pipeline.taskQueue, args: [{ retentionDays: 30 }] });
      expect(described.policies.overlap).toBe('SKIP');
      // The daily cron, as the server stores it (minute 17, hour 3).
      expect(JSON.stringify(described.spec)).toContain('17');
      expect(RETENTION_CRON).toBe('17 3 * * *');
      const next = described.info.nextActionTimes[0];
      expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 17]);

      expect(await ensureRetentionSchedule(testbed.pipeline.client, { ...options, retentionDays: 7 })).toBe('updated');
      expect((await handle.describe()).action).toMatchObject({ args: [{ retentionDays: 7 }] });

      // The schedule's action runs the workflow on the worker.
      await handle.trigger();
      const workflowId = await waitFor(async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId, { what: 'the triggered run' });
      const result = await testbed.pipeline.client.workflow.getHandle(workflowId).result() as RetentionResult;
      expect(new Date(result.olderThan).getTime()).toBeCloseTo(daysAgo(7).getTime(), -5);

      expect(await ensureRetentionSchedule(testbed.pipeline.client, { ...options, retentionDays: 0 })).toBe('deleted');
      expect(await ensureRetentionSchedule(testbed.pipeline.client, { ...options, retentionDays: 0 })).toBe('disabled');
    } finally {
      await handle.delete().catch(() => {});
    }
  });
});
