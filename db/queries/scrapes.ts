import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { runs, scrapes, type RunStatus } from '../schema';
import type { ScrapeOptions } from '../../lib/scrape-options';

export interface StoredScrape { id: string; tenantId: string; url: string; workflowId: string; options: ScrapeOptions }

export async function getScrapeOptions(db: Database, scrapeId: string): Promise<StoredScrape | null> {
  const [row] = await db
    .select({ id: scrapes.id, tenantId: scrapes.tenantId, url: scrapes.url, workflowId: scrapes.workflowId, options: scrapes.options })
    .from(scrapes)
    .where(eq(scrapes.id, scrapeId));
  return row ? { ...row, options: row.options as ScrapeOptions } : null;
}

export interface ScrapeListParams {
  tenantId: string;
  limit: number;
  after?: string;
  status?: RunStatus;
  url?: string;
  scheduleId?: string;
}

const scrapeColumns = {
  id: scrapes.id, url: scrapes.url, workflowId: scrapes.workflowId, scheduleId: scrapes.scheduleId, options: scrapes.options,
  createdAt: scrapes.createdAt, status: runs.status, runId: runs.runId, pagesDiscovered: runs.pagesDiscovered,
  pagesFetched: runs.pagesFetched, pagesFailed: runs.pagesFailed, pagesSkipped: runs.pagesSkipped, cacheHits: runs.cacheHits, notModified: runs.notModified, error: runs.error, startedAt: runs.startedAt, finishedAt: runs.finishedAt,
};
export type ScrapeRow = Awaited<ReturnType<typeof getScrape>> & {};

const getScrapeStatements = new WeakMap<Database, ReturnType<typeof prepareGetScrape>>();

/** Prepared once per database: the API's most frequent query, and drizzle would otherwise rebuild its SQL per call. */
function prepareGetScrape(db: Database) {
  return db.select(scrapeColumns).from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id))
    .where(and(eq(scrapes.tenantId, sql.placeholder('tenantId')), eq(scrapes.id, sql.placeholder('id'))))
    .prepare('get_scrape');
}

export async function getScrape(db: Database, tenantId: string, id: string) {
  let statement = getScrapeStatements.get(db);
  if (!statement) getScrapeStatements.set(db, (statement = prepareGetScrape(db)));
  const [row] = await statement.execute({ tenantId, id });
  return row;
}

export async function findScrapeByIdempotencyKey(db: Database, tenantId: string, key: string) {
  const [row] = await db.select(scrapeColumns).from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id))
    .where(and(eq(scrapes.tenantId, tenantId), eq(scrapes.idempotencyKey, key)));
  return row;
}

/** Newest first, keyset-paginated on the time-ordered id. */
export async function listScrapes(db: Database, params: ScrapeListParams) {
  const conditions = [eq(scrapes.tenantId, params.tenantId)];
  if (params.status) conditions.push(eq(runs.status, params.status));
  if (params.url) conditions.push(eq(scrapes.url, params.url));
  if (params.scheduleId) conditions.push(eq(scrapes.scheduleId, params.scheduleId));
  if (params.after) conditions.push(lt(scrapes.id, params.after));
  return db.select(scrapeColumns).from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id))
    .where(and(...conditions)).orderBy(desc(scrapes.id)).limit(params.limit);
}
