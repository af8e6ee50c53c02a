import { Context } from '@temporalio/activity';
import { and, eq, sql } from 'drizzle-orm';
import { countUnclaimedPages, enqueuePages } from '../db/queries/pages';
import { getScrapeOptions } from '../db/queries/scrapes';
import { extractions, pages } from '../db/schema';
import type { PageExtraction } from '../lib/extract';
import { normalizeUrl } from '../lib/http';
import { createUrlFilter } from '../lib/url-patterns';
import type { ActivityDeps } from './deps';
import { permanentFailure } from './failures';

export interface ParseBatchInput { scrapeId: string; batch: number }
export interface ParseBatchResult { parsed: number; discovered: number; frontier: number }

/**
 * Parses the batch's fetched pages into extractions (an upsert per page, so a retry rewrites the same row) and adds
 * the same-site links they lead to to the frontier, within maxDepth, the URL patterns and maxPages.
 */
export function createParseActivity({ db, extractionPool }: Pick<ActivityDeps, 'db' | 'extractionPool'>) {
  return {
    async parseBatch({ scrapeId, batch }: ParseBatchInput): Promise<ParseBatchResult> {
      const scrape = await getScrapeOptions(db, scrapeId);
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      const { maxDepth, maxPages, include, exclude, rules } = scrape.options;
      const fetched = await db
        .select({ id: pages.id, url: pages.url, finalUrl: pages.finalUrl, depth: pages.depth, body: pages.body, charset: pages.charset })
        .from(pages)
        .where(and(eq(pages.scrapeId, scrapeId), eq(pages.batch, batch), eq(pages.status, 'fetched')))
        .orderBy(pages.id);

      const sameSite = sameSiteAs(scrape.url);
      const followable = createUrlFilter(include, exclude);
      const found: { url: string; depth: number }[] = [];
      const rows: ExtractionRow[] = [];
      // Without a schema there is nothing to validate: the rows are written as skipped, never rewritten by validate.
      const validationStatus = scrape.options.schema ? 'pending' : 'skipped';
      const context = Context.current();
      const extracted = await Promise.all(fetched.map(async (page) => {
        const result = await extractionPool.extract({ body: page.body, charset: page.charset, url: page.finalUrl ?? page.url, rules }, context.cancellationSignal);
        context.heartbeat();
        return result;
      }));
      for (const [i, page] of fetched.entries()) {
        const { extraction, textHash } = extracted[i];
        rows.push(extractionRow(scrapeId, page.id, extraction, textHash, validationStatus));
        if (page.depth >= maxDepth) continue;
        for (const link of extraction.links) {
          const url = normalizeOrNull(link);
          if (url && sameSite(url) && followable(url)) found.push({ url, depth: page.depth + 1 });
        }
      }

      await storeExtractions(rows);
      const discovered = await enqueueWithinLimit(scrapeId, dedupe(found), maxPages);
      return { parsed: fetched.length, discovered, frontier: await countUnclaimedPages(db, scrapeId) };
    },
  };

  /** One multi-row upsert for the batch: a retry rewrites the same rows. */
  async function storeExtractions(rows: ExtractionRow[]): Promise<void> {
    if (rows.length === 0) return;
    // Every column the row sets but its key: a new parse replaces all of them.
    const columns = (Object.keys(rows[0]) as (keyof ExtractionRow & keyof typeof extractions)[]).filter((key) => key !== 'pageId');
    const set = Object.fromEntries(columns.map((key) => [key, sql.raw(`excluded.${extractions[key].name}`)]));
    await db.insert(extractions).values(rows).onConflictDoUpdate({ target: extractions.pageId, set });
  }

  async function enqueueWithinLimit(scrapeId: string, urls: { url: string; depth: number }[], maxPages: number): Promise<number> {
    const [{ known }] = await db.select({ known: sql<number>`count(*)::int` }).from(pages).where(eq(pages.scrapeId, scrapeId));
    const room = maxPages - Number(known);
    return enqueuePages(db, scrapeId, urls, room);
  }
}

type ExtractionRow = typeof extractions.$inferInsert;

function extractionRow(scrapeId: string, pageId: number, extraction: PageExtraction, textHash: string, validationStatus: 'pending' | 'skipped'): ExtractionRow {
  const { title, description, canonicalUrl, lang, openGraph, jsonLd, structured, articleBody, markdown, links, fields, sources } = extraction;
  const metadata = {
    byline: extraction.byline, publishedTime: extraction.publishedTime, modifiedTime: extraction.modifiedTime,
    siteName: extraction.siteName, image: extraction.image, openGraph, sources,
  };
  const now = new Date();
  return {
    pageId, scrapeId, title, description, canonicalUrl, lang, metadata, jsonLd, structured: structured as Record<string, unknown>,
    articleBody, markdown, links, fields: fields as Record<string, unknown>,
    textHash,
    validationStatus, validationErrors: null, validatedAt: validationStatus === 'skipped' ? now : null, parsedAt: now,
  };
}

function normalizeOrNull(url: string): string | null {
  try {
    return normalizeUrl(url);
  } catch {
    return null;
  }
}

/** Same host as the start URL, a leading `www.` aside. */
function sameSiteAs(startUrl: string): (url: string) => boolean {
  const bare = (host: string) => host.replace(/^www\./, '');
  const startHost = bare(new URL(startUrl).host);
  return (url) => bare(new URL(url).host) === startHost;
}

function dedupe<T extends { url: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.url) && seen.add(item.url));
}
