import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { extractions, pages, runs, schedules, scrapes } from '../schema';

export async function listSchedules(db: Database, params: { tenantId: string; limit: number; after?: string }) {
  return db.select().from(schedules)
    .where(and(eq(schedules.tenantId, params.tenantId), params.after ? lt(schedules.id, params.after) : undefined))
    .orderBy(desc(schedules.id)).limit(params.limit);
}

/** The scrapes (and their status) that a schedule's runs created, by workflow id. */
export async function scrapesByWorkflowId(db: Database, workflowIds: string[]) {
  if (workflowIds.length === 0) return new Map<string, { scrapeId: string; status: string }>();
  const rows = await db.select({ workflowId: scrapes.workflowId, scrapeId: scrapes.id, status: runs.status })
    .from(scrapes).innerJoin(runs, eq(runs.scrapeId, scrapes.id)).where(inArray(scrapes.workflowId, workflowIds));
  return new Map(rows.map((row) => [row.workflowId, row]));
}

/** One field's value on every page of the schedule's completed runs, oldest first. */
export async function fieldHistory(db: Database, params: { tenantId: string; scheduleId: string; field: string; limit: number }) {
  const rows = await db
    .select({ scrapeId: scrapes.id, url: pages.url, at: runs.finishedAt, value: sql<unknown>`${extractions.fields} -> ${params.field}` })
    .from(scrapes)
    .innerJoin(runs, eq(runs.scrapeId, scrapes.id))
    .innerJoin(extractions, eq(extractions.scrapeId, scrapes.id))
    .innerJoin(pages, eq(pages.id, extractions.pageId))
    .where(and(eq(scrapes.tenantId, params.tenantId), eq(scrapes.scheduleId, params.scheduleId), eq(runs.status, 'completed')))
    .orderBy(asc(runs.finishedAt), asc(pages.url))
    .limit(params.limit);
  return rows.map((row) => ({ ...row, at: row.at?.toISOString() ?? '' }));
}
