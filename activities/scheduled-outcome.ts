import { and, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { extractions, pages, runs, schedules, scrapeChanges, scrapes } from '../db/schema';
import { shortTextDiff } from '../lib/text-diff';
import type { ActivityDeps } from './deps';
import { permanentFailure } from './failures';

export interface ScheduledOutcomeInput { scrapeId: string; status: 'completed' | 'failed' }
export interface ScheduledOutcome { changed: boolean; alert: 'failing' | 'recovered' | null }

type PageState = { url: string; textHash: string; articleBody: string; fields: Record<string, unknown> };

/**
 * After a scheduled run: what changed since the schedule's previous completed run (main-text hashes, field values,
 * pages added and removed), and whether a failure alert or recovery notice is due. Both are derived from stored
 * runs, so a retried call answers the same.
 */
/** Compared in SQL: a JavaScript Date would drop PostgreSQL's microseconds and misorder close runs. */
const finishedNoLaterThan = (scrapeId: string) => sql`${runs.finishedAt} <= (select r.finished_at from runs r where r.scrape_id = ${scrapeId})`;

export function createScheduledOutcomeActivity({ db }: Pick<ActivityDeps, 'db'>) {
  /** Fetched pages whose data passed validation (an invalid page must never read as a change). */
  async function comparablePages(scrapeId: string): Promise<{ pages: Map<string, PageState>; attempted: Set<string>; invalid: number }> {
    const rows = await db
      .select({ url: pages.url, status: pages.status, textHash: extractions.textHash, articleBody: extractions.articleBody, fields: extractions.fields, validation: extractions.validationStatus })
      .from(pages).leftJoin(extractions, eq(extractions.pageId, pages.id)).where(eq(pages.scrapeId, scrapeId));
    const comparable = new Map<string, PageState>();
    let invalid = 0;
    for (const row of rows) {
      if (row.validation === 'invalid') invalid++;
      else if (row.status === 'fetched' && row.textHash) comparable.set(row.url, { url: row.url, textHash: row.textHash, articleBody: row.articleBody ?? '', fields: row.fields ?? {} });
    }
    return { pages: comparable, attempted: new Set(rows.map((row) => row.url)), invalid };
  }

  async function detectChanges(scrapeId: string, scheduleId: string) {
    const [previous] = await db.select({ id: scrapes.id }).from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id))
      .where(and(eq(scrapes.scheduleId, scheduleId), ne(scrapes.id, scrapeId), eq(runs.status, 'completed'), isNotNull(runs.finishedAt), finishedNoLaterThan(scrapeId)))
      .orderBy(desc(runs.finishedAt)).limit(1);
    if (!previous) return { previousScrapeId: null, changed: false, changes: { baseline: true } };
    const [before, after] = [await comparablePages(previous.id), await comparablePages(scrapeId)];
    if (after.invalid > 0) return { previousScrapeId: previous.id, changed: false, changes: { skipped: `${after.invalid} page(s) failed validation` } };

    const pagesAdded = [...after.pages.keys()].filter((url) => !before.pages.has(url) && !before.attempted.has(url));
    const pagesRemoved = [...before.pages.keys()].filter((url) => !after.attempted.has(url));
    const pagesChanged = [];
    const fields = [];
    for (const [url, now] of after.pages) {
      const then = before.pages.get(url);
      if (!then) continue;
      if (then.textHash !== now.textHash) pagesChanged.push({ url, diff: shortTextDiff(then.articleBody, now.articleBody) });
      for (const field of new Set([...Object.keys(then.fields), ...Object.keys(now.fields)])) {
        const [old, value] = [then.fields[field] ?? null, now.fields[field] ?? null];
        if (JSON.stringify(old) !== JSON.stringify(value)) fields.push({ url, field, old, new: value });
      }
    }
    const changed = pagesAdded.length + pagesRemoved.length + pagesChanged.length + fields.length > 0;
    return { previousScrapeId: previous.id, changed, changes: { pagesAdded, pagesRemoved, pagesChanged, fields } };
  }

  /** Failed runs in a row, newest first, ending at this run. */
  async function failureStreak(scheduleId: string, scrapeId: string): Promise<{ current: number; beforeThisRun: number }> {
    const recent = await db.select({ status: runs.status }).from(runs).innerJoin(scrapes, eq(scrapes.id, runs.scrapeId))
      .where(and(eq(scrapes.scheduleId, scheduleId), inArray(runs.status, ['completed', 'failed']), isNotNull(runs.finishedAt), finishedNoLaterThan(scrapeId)))
      .orderBy(desc(runs.finishedAt), desc(eq(runs.scrapeId, scrapeId))).limit(101);
    const streak = (from: number) => {
      let count = 0;
      while (recent[from + count]?.status === 'failed') count++;
      return count;
    };
    return { current: streak(0), beforeThisRun: streak(1) };
  }

  return {
    async recordScheduledOutcome({ scrapeId, status }: ScheduledOutcomeInput): Promise<ScheduledOutcome> {
      const [run] = await db.select({ scheduleId: scrapes.scheduleId, finishedAt: runs.finishedAt }).from(scrapes)
        .innerJoin(runs, eq(runs.scrapeId, scrapes.id)).where(eq(scrapes.id, scrapeId));
      if (!run?.scheduleId || !run.finishedAt) throw permanentFailure('InvalidInput', `scrape ${scrapeId} is not a finished scheduled run`);
      const [schedule] = await db.select().from(schedules).where(eq(schedules.id, run.scheduleId));
      if (!schedule) return { changed: false, alert: null };

      let changed = false;
      if (status === 'completed') {
        const detected = await detectChanges(scrapeId, schedule.id);
        await db.insert(scrapeChanges).values({ scrapeId, ...detected }).onConflictDoNothing();
        const [stored] = await db.select({ changed: scrapeChanges.changed }).from(scrapeChanges).where(eq(scrapeChanges.scrapeId, scrapeId));
        changed = stored.changed;
      }
      const streak = await failureStreak(schedule.id, scrapeId);
      const threshold = schedule.failureThreshold;
      const alert = status === 'failed' && streak.current === threshold ? 'failing'
        : status === 'completed' && streak.beforeThisRun >= threshold ? 'recovered' : null;
      await db.update(schedules).set({ consecutiveFailures: streak.current, alerting: streak.current >= threshold }).where(eq(schedules.id, schedule.id));
      return { changed, alert };
    },
  };
}
