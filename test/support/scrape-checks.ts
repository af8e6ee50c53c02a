import { eq, sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { expect } from 'vitest';
import type { Database } from '../../db/client';
import { pages, runs } from '../../db/schema';
import { json, waitFor } from './pipeline';

/**
 * The fault tests authenticate with an admin key (TRAWL_ADMIN_KEY) instead of relying on "open mode", which ends for
 * every test file of a run as soon as any test creates an API key in the shared database.
 */
export const FAULT_TESTS_ADMIN_KEY = 'trawl_fault_tests_admin_key_0123456789';
export const adminKeyEnv = { TRAWL_ADMIN_KEY: FAULT_TESTS_ADMIN_KEY, TRAWL_RATE_LIMIT_PER_MINUTE: '0' };
export const adminAuthHeaders = { authorization: `Bearer ${FAULT_TESTS_ADMIN_KEY}` };

type AppLike = { request(path: string, init?: RequestInit): Response | Promise<Response> };

/** The API calls the fault tests make, on an app built by `createApp`. */
export function apiClient(app: AppLike, authHeaders: Record<string, string> = {}) {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    json(app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...authHeaders, ...headers } }));
  const get = (path: string) => json(app.request(path, { headers: authHeaders }));
  /**
   * Waits until the scrape is completed, failed or cancelled. API errors (the database or Temporal being down for a
   * moment is what these tests cause) count as "not yet".
   */
  const finished = (id: string, timeoutMs: number) => waitFor(async () => {
    try {
      const { status, body } = await get(`/v1/scrapes/${id}`);
      return status === 200 && ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    } catch {
      return undefined;
    }
  }, { timeoutMs, everyMs: 200, what: `scrape ${id} to finish` });
  return { post, get, finished };
}

export interface PageStats {
  total: number;
  distinct: number;
  byStatus: Record<string, number>;
  discovered: number;
}

/** Rows, distinct URLs and statuses of a scrape's pages, and the run's own count of discovered pages. */
export async function pageStats(db: Database, scrapeId: string): Promise<PageStats> {
  const [{ total, distinct }] = await db
    .select({ total: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${pages.url})::int` })
    .from(pages).where(eq(pages.scrapeId, scrapeId));
  const rows = await db.select({ status: pages.status, count: sql<number>`count(*)::int` }).from(pages)
    .where(eq(pages.scrapeId, scrapeId)).groupBy(pages.status);
  const [run] = await db.select({ discovered: runs.pagesDiscovered }).from(runs).where(eq(runs.scrapeId, scrapeId));
  return {
    total: Number(total),
    distinct: Number(distinct),
    byStatus: Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])),
    discovered: run?.discovered ?? -1,
  };
}

export interface PageRequests {
  /** Requests for pages (robots.txt left out). */
  total: number;
  /** Distinct pages requested. */
  distinct: number;
  /** Pages requested more than once. */
  refetched: number;
}

/**
 * Checks that a crawl of `pageCount` pages stored each of them once, fetched, and asked the site for each of them;
 * returns how the site was asked, for the bound on refetches each test sets itself.
 */
export async function expectEveryPageStoredOnce(
  db: Database, scrapeId: string, site: { requests: { path: string }[] }, pageCount: number,
): Promise<PageRequests> {
  const stats = await pageStats(db, scrapeId);
  expect(stats).toMatchObject({ total: pageCount, distinct: pageCount, byStatus: { fetched: pageCount } });
  const pagePaths = site.requests.map((request) => request.path).filter((path) => path !== '/robots.txt');
  const counts = new Map<string, number>();
  for (const path of pagePaths) counts.set(path, (counts.get(path) ?? 0) + 1);
  expect(counts.size).toBe(pageCount);
  return { total: pagePaths.length, distinct: counts.size, refetched: [...counts.values()].filter((count) => count > 1).length };
}

/** Identities of the workers polling a task queue (activity and workflow pollers), as the server last saw them. */
export async function pollerIdentities(client: Client, taskQueue: string): Promise<{ identity: string; lastAccess: number }[]> {
  const found: { identity: string; lastAccess: number }[] = [];
  for (const taskQueueType of [temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]) {
    const response = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType });
    for (const poller of response.pollers ?? []) {
      const seconds = Number(poller.lastAccessTime?.seconds ?? 0);
      found.push({ identity: poller.identity ?? '', lastAccess: seconds * 1000 + Math.floor((poller.lastAccessTime?.nanos ?? 0) / 1e6) });
    }
  }
  return found;
}
