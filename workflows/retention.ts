import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetentionResult } from '../activities/retention';

export const DEFAULT_RETENTION_DAYS = 30;

export interface RetentionWorkflowInput {
  /** Keep raw page bodies and delivery attempts for this many days (TRAWL_RETENTION_DAYS; default 30). */
  retentionDays?: number;
  /** Rows per statement (default 500). */
  batchSize?: number;
}

const { applyRetention } = proxyActivities<Activities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

/**
 * Maintenance, run daily by the `trawl-retention` Schedule: drops raw page bodies and webhook delivery attempts
 * older than the retention period. The cutoff is fixed here, once, so every retry of the activity uses the same one.
 */
export async function retentionWorkflow(input: RetentionWorkflowInput = {}): Promise<RetentionResult> {
  const days = input.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const olderThan = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  return applyRetention({ olderThan, batchSize: input.batchSize });
}
