import { Context, CancelledFailure } from '@temporalio/activity';
import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { deliveries, pages } from '../db/schema';
import type { ActivityDeps } from './deps';
import { permanentFailure } from './failures';

export const DEFAULT_RETENTION_BATCH_SIZE = 500;

export interface ApplyRetentionInput {
  /** ISO timestamp: raw page bodies fetched before it and delivery attempts made before it are removed. */
  olderThan: string;
  /** Rows per statement (default 500), so no single statement locks or rewrites much at once. */
  batchSize?: number;
}

export interface RetentionResult {
  olderThan: string;
  /** Pages whose raw body was dropped (the row, hashes, extraction and summaries stay). */
  bodiesCleared: number;
  deliveriesDeleted: number;
  /** Statements run; each was followed by a heartbeat. */
  batches: number;
}

/**
 * Data retention: drops what is bulky and only useful for a while — the raw (gzip) body of fetched pages, and the
 * log of webhook delivery attempts — in bounded batches, heartbeating after each. Pages of a run still queued or
 * running are left alone (their parse step may still need the body). Safe to retry: it only removes what is old.
 */
export function createRetentionActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    async applyRetention({ olderThan, batchSize = DEFAULT_RETENTION_BATCH_SIZE }: ApplyRetentionInput): Promise<RetentionResult> {
      const cutoff = new Date(olderThan);
      if (Number.isNaN(cutoff.getTime())) throw permanentFailure('InvalidInput', `olderThan is not a timestamp: ${olderThan}`);
      const limit = Math.max(1, Math.min(10_000, Math.floor(batchSize)));
      const context = Context.current();
      const progress: RetentionResult = { olderThan: cutoff.toISOString(), bodiesCleared: 0, deliveriesDeleted: 0, batches: 0 };
      const step = () => {
        progress.batches++;
        context.heartbeat(progress);
        if (context.cancellationSignal.aborted) throw new CancelledFailure('retention cancelled');
      };

      for (;;) {
        const old = db
          .select({ id: pages.id })
          .from(pages)
          .where(and(
            isNotNull(pages.body),
            lt(pages.fetchedAt, cutoff),
            sql`not exists (select 1 from runs where runs.scrape_id = ${pages.scrapeId} and runs.status in ('queued', 'running'))`,
          ))
          .limit(limit);
        const cleared = await db.update(pages).set({ body: null }).where(inArray(pages.id, old)).returning({ id: pages.id });
        progress.bodiesCleared += cleared.length;
        step();
        if (cleared.length < limit) break;
      }

      for (;;) {
        const old = db.select({ id: deliveries.id }).from(deliveries).where(lt(deliveries.createdAt, cutoff)).limit(limit);
        const deleted = await db.delete(deliveries).where(inArray(deliveries.id, old)).returning({ id: deliveries.id });
        progress.deliveriesDeleted += deleted.length;
        step();
        if (deleted.length < limit) break;
      }
      return progress;
    },
  };
}
