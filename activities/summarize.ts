import { and, asc, eq } from 'drizzle-orm';
import { getScrapeOptions } from '../db/queries/scrapes';
import { extractions, pages, summaries } from '../db/schema';
import { Context } from '@temporalio/activity';
import { SummarizerFailure, type SummaryCache, type SummaryResult } from '../lib/summarize';
import { SUMMARIZE_MAX_ATTEMPTS } from '../workflows/policies';
import type { ActivityDeps } from './deps';
import { permanentFailure, transientFailure } from './failures';
import { withHeartbeat } from './heartbeat';

export const SCRAPE_SUMMARY_SCOPE = 'scrape';

/**
 * Summarises the scrape's pages once: a stored summary is returned as it is, and per-page partial summaries are
 * cached in the database so a retried call never asks the model twice for the same page.
 */
export function createSummarizeActivity({ db, summarizer, extractiveSummarizer }: Pick<ActivityDeps, 'db' | 'summarizer' | 'extractiveSummarizer'>) {
  const cacheFor = (scrapeId: string): SummaryCache => ({
    async get(key) {
      const [row] = await db.select({ text: summaries.text }).from(summaries).where(and(eq(summaries.scrapeId, scrapeId), eq(summaries.scope, key)));
      return row?.text ?? null;
    },
    async set(key, text) {
      await db.insert(summaries).values({ scrapeId, scope: key, method: 'llm', text }).onConflictDoNothing();
    },
  });

  return {
    async summarizeScrape({ scrapeId }: { scrapeId: string }): Promise<{ method: 'llm' | 'extractive' | null }> {
      const scrape = await getScrapeOptions(db, scrapeId);
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      const { enabled, length, model } = scrape.options.summarize;
      if (!enabled) return { method: null };
      const [existing] = await db.select({ method: summaries.method }).from(summaries)
        .where(and(eq(summaries.scrapeId, scrapeId), eq(summaries.scope, SCRAPE_SUMMARY_SCOPE)));
      if (existing) return { method: existing.method };

      const texts = await db
        .select({ url: pages.url, title: extractions.title, text: extractions.articleBody })
        .from(extractions)
        .innerJoin(pages, eq(pages.id, extractions.pageId))
        .where(eq(extractions.scrapeId, scrapeId))
        .orderBy(asc(pages.depth), asc(pages.id));
      const store = async (result: SummaryResult) => {
        await db.insert(summaries).values({
          scrapeId, scope: SCRAPE_SUMMARY_SCOPE, method: result.method, model: result.model, text: result.text,
          pages: result.pages, truncated: result.truncated, note: result.note ?? null,
        }).onConflictDoNothing();
        return { method: result.method };
      };
      try {
        return await store(await withHeartbeat((signal) => summarizer.summarize(texts, { length, model, signal, cache: cacheFor(scrapeId) })));
      } catch (error) {
        if (!(error instanceof SummarizerFailure)) throw error;
        if (!error.retryable) throw permanentFailure(error.type, error.message);
        if (Context.current().info.attempt < SUMMARIZE_MAX_ATTEMPTS) throw transientFailure(error.type, error.message, error.retryAfterMs);
        // The pages are all there: an unreachable model should not cost the scrape its summary.
        const fallback = await extractiveSummarizer.summarize(texts, { length });
        return store({ ...fallback, note: `the model stayed unavailable after ${SUMMARIZE_MAX_ATTEMPTS} attempts (${error.type}): local extractive summary` });
      }
    },
  };
}
