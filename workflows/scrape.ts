import {
  ApplicationFailure, CancellationScope, ActivityCancellationType, condition, isCancellation, patched, proxyActivities, setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { WebhookEventType } from '../lib/scrape-options';
import {
  FETCH_MAX_ATTEMPTS, LEGACY_PAGES_PER_BATCH, MAX_BATCHES_IN_FLIGHT, NON_RETRYABLE_TYPES, PAGES_PER_BATCH, PARALLEL_BATCHES,
  SUMMARIZE_MAX_ATTEMPTS,
} from './policies';

/**
 * Runs started before this change (their histories carry no marker) keep batches of 25 pages that hold their fetch
 * slot until validated, and a validate activity per batch; newer runs take batches of PAGES_PER_BATCH, start the
 * next fetch while a batch is parsed, and skip validation when the scrape has no schema.
 */
const CRAWL_BATCHES_PATCH = 'crawl-batches-of-50-validate-only-with-schema';
import { progressQuery, type ScrapeProgress } from './progress';

export interface ScrapeWorkflowInput {
  /** Set for an on-demand scrape: the API stored the request under this id. */
  scrapeId?: string;
  /** Set for a scheduled run: the start activity creates the scrape from the schedule's stored request. */
  scheduleId?: string;
  /** First retry delay of the activities (TRAWL_RETRY_INITIAL_INTERVAL); Retry-After answers override it. */
  retryInitialInterval?: string;
}

export interface ScrapeWorkflowResult {
  scrapeId: string;
  status: 'completed';
  pagesFetched: number;
  pagesFailed: number;
  summaryMethod: 'llm' | 'extractive' | null;
}

/** fetch → parse → validate in rounds of pages until the frontier is empty, then summarize → notify. */
export async function scrapeWorkflow(input: ScrapeWorkflowInput): Promise<ScrapeWorkflowResult> {
  const acts = activitiesFor(input.retryInitialInterval ?? '1s');
  const progress: ScrapeProgress = {
    phase: 'starting', step: 'start', batch: 0, pagesDiscovered: 0, pagesFetched: 0, pagesFailed: 0, pagesSkipped: 0,
    lastError: null,
  };
  setHandler(progressQuery, () => progress);
  const { workflowId, runId } = workflowInfo();
  let scrapeId = input.scrapeId;
  /** Batches in flight; on cancellation every one must have stopped fetching before the run is marked cancelled. */
  const running = new Map<number, Promise<void>>();

  const step = async <T>(name: ScrapeProgress['step'], call: () => Promise<T>): Promise<T> => {
    progress.step = name;
    try {
      return await call();
    } catch (error) {
      if (!isCancellation(error)) progress.lastError = describe(error);
      throw error;
    }
  };

  try {
    const run = await step('start', () => acts.bookkeeping.startRun({ workflowId, runId, scrapeId, scheduleId: input.scheduleId }));
    const current = patched(CRAWL_BATCHES_PATCH);
    const batchSize = current ? PAGES_PER_BATCH : LEGACY_PAGES_PER_BATCH;
    const validates = !current || run.hasSchema;
    scrapeId = run.scrapeId;
    progress.pagesDiscovered = run.frontier;
    await notifyQuietly(acts, scrapeId, 'scrape.started', progress);

    progress.phase = 'crawling';
    let frontier = run.frontier;
    if (run.sitemap) {
      const seeded = await step('fetch', () => acts.fetch.seedFromSitemap({ scrapeId: scrapeId! }));
      progress.pagesDiscovered += seeded.seeded;
      frontier = seeded.frontier;
    }
    /**
     * Batches fetching at once. In current runs a batch gives its slot back when its fetch is done, so the next fetch
     * starts while it is parsed; legacy runs hold it until the batch is validated.
     */
    let fetching = 0;
    /** Counts finished fetches and batches: the loop below wakes when it moves. */
    let settled = 0;
    /** One batch through fetch → parse → validate; null when the fetch found nothing left to claim. */
    const crawlBatch = async (batch: number): Promise<number | null> => {
      fetching++;
      let slotHeld = true;
      const releaseSlot = () => {
        if (slotHeld) fetching--;
        slotHeld = false;
        settled++;
      };
      try {
        const fetched = await step('fetch', () => acts.fetch.fetchBatch({ scrapeId: scrapeId!, batch, size: batchSize }));
        if (current) releaseSlot();
        progress.pagesFetched += fetched.fetched;
        progress.pagesFailed += fetched.failed;
        progress.pagesSkipped += fetched.skipped;
        if (fetched.fetched + fetched.failed + fetched.skipped === 0) return null;
        const parsed = await step('parse', () => acts.parse.parseBatch({ scrapeId: scrapeId!, batch }));
        progress.pagesDiscovered += parsed.discovered;
        if (validates) await step('validate', () => acts.validate.validateBatch({ scrapeId: scrapeId!, batch }));
        return parsed.frontier;
      } finally {
        releaseSlot();
      }
    };
    for (;;) {
      while (frontier > 0 && fetching < PARALLEL_BATCHES && running.size < MAX_BATCHES_IN_FLIGHT) {
        const batch = ++progress.batch;
        frontier = Math.max(0, frontier - batchSize);
        running.set(batch, crawlBatch(batch).then((seen) => {
          running.delete(batch);
          frontier = seen ?? 0;
        }));
      }
      if (running.size > 0) {
        const seen = settled;
        // The batches themselves are in the race so that a failed one fails the run at once.
        await Promise.race([...running.values(), ...(current ? [condition(() => settled !== seen)] : [])]);
        continue;
      }
      // A frontier count may be older than another batch's links: the crawl ends only when a claim finds nothing.
      const seen = await crawlBatch(++progress.batch);
      if (seen === null) break;
      frontier = seen;
    }

    progress.phase = 'summarizing';
    const summary = await step('summarize', () => acts.summarize.summarizeScrape({ scrapeId: scrapeId! }));
    const finished = await step('finish', () => acts.bookkeeping.finishRun({ scrapeId: scrapeId!, status: 'completed' }));
    progress.phase = 'notifying';
    await notifyQuietly(acts, scrapeId, 'scrape.completed', progress);
    if (input.scheduleId) await reportScheduledOutcome(acts, scrapeId, 'completed', progress);
    progress.phase = 'completed';
    progress.step = null;
    return { scrapeId, status: 'completed', pagesFetched: finished.pagesFetched, pagesFailed: finished.pagesFailed, summaryMethod: summary.method };
  } catch (error) {
    const cancelled = isCancellation(error);
    progress.phase = cancelled ? 'cancelled' : 'failed';
    if (scrapeId) {
      const id = scrapeId;
      // Cleanup must run even though the workflow's own scope is cancelled.
      await CancellationScope.nonCancellable(async () => {
        if (cancelled) await Promise.allSettled(running.values());
        await acts.bookkeeping.finishRun({
          scrapeId: id,
          status: cancelled ? 'cancelled' : 'failed',
          error: cancelled ? undefined : failureOf(error),
        });
        await notifyQuietly(acts, id, cancelled ? 'scrape.cancelled' : 'scrape.failed', progress);
        if (input.scheduleId && !cancelled) await reportScheduledOutcome(acts, id, 'failed', progress);
      });
    }
    progress.step = null;
    throw error;
  }
}

function activitiesFor(initialInterval: string) {
  const retry = { initialInterval, backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: NON_RETRYABLE_TYPES };
  return {
    // Bookkeeping only touches the database: retried until it is back (a PostgreSQL restart must not fail a scrape).
    bookkeeping: proxyActivities<Activities>({ startToCloseTimeout: '30s', retry: { ...retry, maximumInterval: '10s' } }),
    fetch: proxyActivities<Activities>({
      startToCloseTimeout: '10 minutes',
      // Heartbeats go out every 250 ms: a worker that died is noticed within seconds, not minutes.
      heartbeatTimeout: '10s',
      cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
      retry: { ...retry, maximumAttempts: FETCH_MAX_ATTEMPTS },
    }),
    parse: proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '10s', retry: { ...retry, maximumAttempts: 5 } }),
    validate: proxyActivities<Activities>({ startToCloseTimeout: '30s', retry: { ...retry, maximumAttempts: 5 } }),
    summarize: proxyActivities<Activities>({
      startToCloseTimeout: '15 minutes',
      heartbeatTimeout: '30s',
      retry: { ...retry, maximumAttempts: SUMMARIZE_MAX_ATTEMPTS, maximumInterval: '2 minutes' },
    }),
    notify: proxyActivities<Activities>({
      startToCloseTimeout: '2 minutes',
      retry: { ...retry, maximumAttempts: 8, maximumInterval: '5 minutes' },
    }),
  };
}

/** A scheduled run: `scrape.changed` when something changed, and failure alerts at the schedule's threshold. */
async function reportScheduledOutcome(
  acts: ReturnType<typeof activitiesFor>,
  scrapeId: string,
  status: 'completed' | 'failed',
  progress: ScrapeProgress,
): Promise<void> {
  const outcome = await acts.bookkeeping.recordScheduledOutcome({ scrapeId, status });
  if (outcome.changed) await notifyQuietly(acts, scrapeId, 'scrape.changed', progress);
  if (outcome.alert) await notifyQuietly(acts, scrapeId, outcome.alert === 'failing' ? 'schedule.failing' : 'schedule.recovered', progress);
}

/** A notification that cannot be delivered after its retries is recorded, never a reason to fail the scrape. */
async function notifyQuietly(
  acts: ReturnType<typeof activitiesFor>,
  scrapeId: string,
  type: WebhookEventType,
  progress: ScrapeProgress,
): Promise<void> {
  try {
    await acts.notify.notifyEvent({ scrapeId, type });
  } catch (error) {
    if (isCancellation(error) && CancellationScope.current().consideredCancelled) throw error;
    progress.lastError = describe(error);
  }
}

function failureOf(error: unknown): { type: string; message: string } {
  const root = rootCause(error);
  return { type: root instanceof ApplicationFailure ? (root.type ?? 'Error') : 'Error', message: root instanceof Error ? root.message : String(root) };
}

function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current;
}

function describe(error: unknown): string {
  const { type, message } = failureOf(error);
  return `${type}: ${message}`;
}
