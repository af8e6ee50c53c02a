import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { pages, type PageStatus } from '../schema';

export type PageCounts = Record<PageStatus, number>;

export async function countPagesByStatus(db: Database, scrapeId: string): Promise<PageCounts> {
  const rows = await db
    .select({ status: pages.status, count: sql<number>`count(*)::int` })
    .from(pages)
    .where(eq(pages.scrapeId, scrapeId))
    .groupBy(pages.status);
  const counts: PageCounts = { queued: 0, fetched: 0, failed: 0, skipped: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export async function countCacheOutcomes(db: Database, scrapeId: string): Promise<{ hits: number; notModified: number }> {
  const rows = await db
    .select({ cacheStatus: pages.cacheStatus, count: sql<number>`count(*)::int` })
    .from(pages)
    .where(eq(pages.scrapeId, scrapeId))
    .groupBy(pages.cacheStatus);
  const count = (status: string) => Number(rows.find((row) => row.cacheStatus === status)?.count ?? 0);
  return { hits: count('hit'), notModified: count('revalidated') };
}

/** Pages waiting in the frontier and not yet claimed by a batch. */
export async function countUnclaimedPages(db: Database, scrapeId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(pages)
    .where(and(eq(pages.scrapeId, scrapeId), eq(pages.status, 'queued'), sql`${pages.batch} is null`));
  return Number(row?.count ?? 0);
}

/** Adds up to `limit` URLs new to the scrape to its frontier; a URL already known is left as it is. */
export async function enqueuePages(db: Database, scrapeId: string, urls: { url: string; depth: number }[], limit = urls.length): Promise<number> {
  if (urls.length === 0 || limit <= 0) return 0;
  // One array parameter, not one per URL: a batch can bring thousands of links.
  const known = new Set((await db.select({ url: pages.url }).from(pages)
    .where(and(eq(pages.scrapeId, scrapeId), sql`${pages.url} = any(${sql.param(urls.map(({ url }) => url))})`))).map(({ url }) => url));
  const fresh = urls.filter(({ url }) => !known.has(url)).slice(0, limit);
  if (fresh.length === 0) return 0;
  const inserted = await db
    .insert(pages)
    .values(fresh.map(({ url, depth }) => ({ scrapeId, url, depth })))
    .onConflictDoNothing({ target: [pages.scrapeId, pages.url] })
    .returning({ id: pages.id });
  return inserted.length;
}
