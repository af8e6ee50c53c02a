import { eq, sql } from 'drizzle-orm';
import { countCacheOutcomes, countPagesByStatus, countUnclaimedPages, enqueuePages } from '../db/queries/pages';
import { runs, schedules, scrapes, type RunStatus, type StoredError } from '../db/schema';
import { newId } from '../lib/ids';
import { optionsDigest, type ScrapeRequest } from '../lib/scrape-options';
import type { ActivityDeps } from './deps';
import { permanentFailure } from './failures';

export interface StartRunInput { workflowId: string; runId: string; scrapeId?: string; scheduleId?: string }
export interface FinishRunInput { scrapeId: string; status: Extract<RunStatus, 'completed' | 'failed' | 'cancelled'>; error?: StoredError }

/** Marks the run started and seeds the frontier with the start URL; safe to repeat. */
export function createRunBookkeeping({ db }: Pick<ActivityDeps, 'db'>) {
  /** A scheduled run is an ordinary scrape of the schedule's request, keyed by its workflow id. */
  async function createScheduledScrape(scheduleId: string, workflowId: string): Promise<string> {
    const [schedule] = await db.select().from(schedules).where(eq(schedules.id, scheduleId));
    if (!schedule) throw permanentFailure('ScheduleNotFound', `no schedule ${scheduleId}`);
    const { notify: _notify, ...options } = schedule.scrape as ScrapeRequest;
    await db.insert(scrapes).values({
      id: newId(), tenantId: schedule.tenantId, url: options.url, options, optionsDigest: optionsDigest(options), scheduleId, workflowId,
    }).onConflictDoNothing({ target: scrapes.workflowId });
    const [scrape] = await db.select({ id: scrapes.id }).from(scrapes).where(eq(scrapes.workflowId, workflowId));
    await db.insert(runs).values({ scrapeId: scrape.id, workflowId }).onConflictDoNothing();
    return scrape.id;
  }

  return {
    async startRun(input: StartRunInput): Promise<{ scrapeId: string; frontier: number; sitemap: boolean; hasSchema: boolean }> {
      const scrapeId = input.scrapeId ?? (input.scheduleId ? await createScheduledScrape(input.scheduleId, input.workflowId) : undefined);
      if (!scrapeId) throw permanentFailure('InvalidInput', 'the scrape workflow needs a scrapeId or a scheduleId');
      const [scrape] = await db.select({ id: scrapes.id, url: scrapes.url, options: scrapes.options }).from(scrapes).where(eq(scrapes.id, scrapeId));
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      await db
        .update(runs)
        .set({ status: 'running', runId: input.runId, startedAt: sql`coalesce(${runs.startedAt}, now())` })
        .where(eq(runs.scrapeId, scrape.id));
      await enqueuePages(db, scrape.id, [{ url: scrape.url, depth: 0 }]);
      const { sitemap, schema } = scrape.options as { sitemap?: boolean; schema?: unknown };
      return { scrapeId: scrape.id, frontier: await countUnclaimedPages(db, scrape.id), sitemap: sitemap === true, hasSchema: !!schema };
    },

    /** Final status, with counters derived from the stored pages so a retry writes the same numbers. */
    async finishRun(input: FinishRunInput): Promise<{ pagesFetched: number; pagesFailed: number }> {
      const counts = await countPagesByStatus(db, input.scrapeId);
      const cache = await countCacheOutcomes(db, input.scrapeId);
      await db
        .update(runs)
        .set({
          status: input.status,
          error: input.error ?? null,
          pagesDiscovered: counts.queued + counts.fetched + counts.failed + counts.skipped,
          pagesFetched: counts.fetched,
          pagesFailed: counts.failed,
          pagesSkipped: counts.skipped,
          cacheHits: cache.hits,
          notModified: cache.notModified,
          finishedAt: sql`coalesce(${runs.finishedAt}, now())`,
        })
        .where(eq(runs.scrapeId, input.scrapeId));
      return { pagesFetched: counts.fetched, pagesFailed: counts.failed };
    },
  };
}
