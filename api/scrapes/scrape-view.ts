import type { Client } from '@temporalio/client';
import type { getScrape } from '../../db/queries/scrapes';
import type { RunStatus } from '../../db/schema';
import { progressQuery, type ScrapeProgress } from '../../workflows/progress';

type ScrapeRow = NonNullable<Awaited<ReturnType<typeof getScrape>>>;

const TEMPORAL_TO_STATUS: Record<string, RunStatus> = {
  COMPLETED: 'completed', FAILED: 'failed', CANCELLED: 'cancelled', TERMINATED: 'failed', TIMED_OUT: 'failed', CONTINUED_AS_NEW: 'running',
};

export interface LiveProgress extends Partial<ScrapeProgress> { attempt?: number; activity?: string; cacheHits?: number; notModified?: number }

/** The scrape as the API shows it; a live run's progress comes from its workflow's `progress` query. */
export async function scrapeView(row: ScrapeRow, temporal?: Client) {
  let status = row.status;
  let progress: LiveProgress = {
    phase: row.status === 'queued' ? 'starting' : undefined,
    pagesDiscovered: row.pagesDiscovered, pagesFetched: row.pagesFetched, pagesFailed: row.pagesFailed,
    pagesSkipped: row.pagesSkipped, cacheHits: row.cacheHits, notModified: row.notModified,
  };
  if (temporal && (status === 'queued' || status === 'running')) {
    const live = await liveState(temporal, row.workflowId);
    if (live.closedAs) status = live.closedAs;
    if (live.progress) progress = live.progress;
  }
  if (status !== 'queued' && status !== 'running') progress.phase = status;
  return {
    id: row.id,
    workflowId: row.workflowId,
    runId: row.runId,
    url: row.url,
    scheduleId: row.scheduleId,
    status,
    progress,
    options: row.options,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    links: {
      self: `/v1/scrapes/${row.id}`,
      pages: `/v1/scrapes/${row.id}/pages`,
      summary: `/v1/scrapes/${row.id}/summary`,
      cancel: `/v1/scrapes/${row.id}/cancel`,
    },
  };
}

/** Query + describe, bounded in time: a slow or missing server degrades to the stored state, never a 500. */
async function liveState(temporal: Client, workflowId: string): Promise<{ progress?: LiveProgress; closedAs?: RunStatus }> {
  const handle = temporal.workflow.getHandle(workflowId);
  try {
    const signal = AbortSignal.timeout(2_000);
    const description = await temporal.withAbortSignal(signal, () => handle.describe());
    const closed = description.status.name !== 'RUNNING' ? TEMPORAL_TO_STATUS[description.status.name] : undefined;
    if (closed) return { closedAs: closed };
    const progress: LiveProgress = await temporal.withAbortSignal(signal, () => handle.query(progressQuery));
    const pending = description.raw.pendingActivities?.[0];
    if (pending) {
      progress.activity = pending.activityType?.name ?? undefined;
      progress.attempt = pending.attempt ?? undefined;
      if (pending.lastFailure?.message) progress.lastError = pending.lastFailure.message;
    }
    return { progress };
  } catch {
    return {};
  }
}
