import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { trawlMetrics, type TrawlMetrics } from '../../lib/metrics/registry';

/** The pipeline step of each activity type (the `step` label of trawl_step_duration_seconds), as the workflow names them. */
export const STEP_OF_ACTIVITY: Record<string, string> = {
  startRun: 'start',
  seedFromSitemap: 'fetch',
  fetchBatch: 'fetch',
  parseBatch: 'parse',
  validateBatch: 'validate',
  summarizeScrape: 'summarize',
  finishRun: 'finish',
  recordScheduledOutcome: 'finish',
  notifyEvent: 'notify',
  applyRetention: 'retention',
};

/**
 * Feeds Trawl's pipeline metrics from every activity execution, without touching the activities: the duration of
 * each execution by step, retries (attempt > 1) by activity type, and what the results of fetchBatch, finishRun and
 * notifyEvent say (pages, bytes, finished scrapes by status, webhook deliveries by outcome).
 */
export function metricsInterceptor(metrics: TrawlMetrics = trawlMetrics()): ActivityInterceptorsFactory {
  return (ctx) => {
    const inbound: ActivityInboundCallsInterceptor = {
      async execute(input, next) {
        const { activityType, attempt } = ctx.info;
        if (attempt > 1) metrics.activityRetries.inc({ activity: activityType });
        const stopTimer = metrics.stepDuration.startTimer({ step: STEP_OF_ACTIVITY[activityType] ?? activityType });
        try {
          const result = await next(input);
          recordResult(metrics, activityType, input.args[0], result);
          return result;
        } catch (error) {
          recordFailure(metrics, activityType, error);
          throw error;
        } finally {
          stopTimer();
        }
      },
    };
    return { inbound };
  };
}

function recordResult(metrics: TrawlMetrics, activityType: string, arg: unknown, result: unknown): void {
  const input = (arg ?? {}) as Record<string, unknown>;
  const output = (result ?? {}) as Record<string, unknown>;
  switch (activityType) {
    case 'fetchBatch':
      // The counts cover the batch, which only this successful execution reports (a failed attempt returns nothing).
      add(metrics.pagesFetched, output.fetched);
      add(metrics.pagesFailed, output.failed);
      add(metrics.fetchBytes, output.bytes);
      break;
    case 'finishRun':
      if (typeof input.status === 'string') metrics.scrapes.inc({ status: input.status });
      break;
    case 'notifyEvent':
      add(metrics.webhookDeliveries, output.delivered, { outcome: 'delivered' });
      add(metrics.webhookDeliveries, output.failed, { outcome: 'failed' });
      break;
  }
}

function recordFailure(metrics: TrawlMetrics, activityType: string, error: unknown): void {
  if (!(error instanceof ApplicationFailure)) return;
  if (activityType === 'fetchBatch' && error.nonRetryable && error.message.startsWith('start page ')) {
    // fetchBatch gives up on a crawl whose start page (the only page of its first batch) failed for good: it is
    // stored as failed but never reported in a result.
    metrics.pagesFailed.inc();
  }
  if (activityType === 'notifyEvent' && error.type === 'WebhookDeliveryFailed') {
    // "N of M deliveries of <event> failed: …": the other M − N attempts of this execution were delivered.
    const counts = /^(\d+) of (\d+) deliveries/.exec(error.message);
    if (counts) {
      const failed = Number(counts[1]);
      const total = Number(counts[2]);
      add(metrics.webhookDeliveries, failed, { outcome: 'failed' });
      add(metrics.webhookDeliveries, total - failed, { outcome: 'delivered' });
    }
  }
}

function add<L extends string>(
  counter: { inc(labels: Partial<Record<L, string>>, value: number): void },
  value: unknown,
  labels: Partial<Record<L, string>> = {},
): void {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) counter.inc(labels, value);
}
