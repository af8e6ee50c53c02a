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
/** Prepared once per database: the API's most frequent queries, and drizzle would otherwise rebuild their SQL per call. */
function prepareScrapeLookups(db: Database) {
  const select = () => db.select({ ...scrapeColumns, tenantId: scrapes.tenantId }).from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id));
  return {
    one: select().where(and(eq(scrapes.tenantId, sql.placeholder('tenantId')), eq(scrapes.id, sql.placeholder('id')))).prepare('get_scrape'),
    many: select().where(sql`${scrapes.id} = any(${sql.placeholder('ids')})`).prepare('get_scrapes'),
  };
}

type Statements = ReturnType<typeof prepareScrapeLookups>;
type OwnedRow = Awaited<ReturnType<Statements['one']['execute']>>[number];
export type ScrapeRow = Omit<OwnedRow, 'tenantId'>;

interface Lookup { tenantId: string; id: string; resolve(row: OwnedRow | undefined): void; reject(error: unknown): void }
interface Lookups { statements: Statements; pending: Lookup[] }

const lookupsByDatabase = new WeakMap<Database, Lookups>();

/**
 * A scrape and its run, by tenant and id. The lookups asked for during one turn of the event loop go to the database
 * as one query, and each gets its own row back (never another tenant's): under load, a query per request costs the
 * API and PostgreSQL far more than the rows do. If that query fails, each lookup is retried alone, so that an error
 * stays with the request that caused it.
 */
export function getScrape(db: Database, tenantId: string, id: string): Promise<ScrapeRow | undefined> {
  let lookups = lookupsByDatabase.get(db);
  if (!lookups) lookupsByDatabase.set(db, (lookups = { statements: prepareScrapeLookups(db), pending: [] }));
  const { pending } = lookups;
  return new Promise((resolve, reject) => {
    if (pending.length === 0) setImmediate(runLookups, lookups);
    pending.push({ tenantId, id, resolve, reject });
  });
}

async function runLookups({ statements: { one, many }, pending }: Lookups): Promise<void> {
  const batch = pending.splice(0);
  const lookUpAlone = ({ tenantId, id, resolve, reject }: Lookup) => one.execute({ tenantId, id }).then(([row]) => resolve(row), reject);
  if (batch.length === 1) return lookUpAlone(batch[0]);
  let rows: OwnedRow[];
  try {
    rows = await many.execute({ ids: [...new Set(batch.map((lookup) => lookup.id))] });
  } catch {
    await Promise.all(batch.map(lookUpAlone));
    return;
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const { tenantId, id, resolve } of batch) {
    const row = byId.get(id);
    resolve(row?.tenantId === tenantId ? row : undefined);
  }
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
