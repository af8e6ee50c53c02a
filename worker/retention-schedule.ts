import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { RetentionWorkflowInput } from '../workflows/retention';

export const RETENTION_SCHEDULE_ID = 'trawl-retention';
/** Every day at 03:17 UTC (off the hour, away from other nightly jobs). */
export const RETENTION_CRON = '17 3 * * *';

export type RetentionScheduleOutcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'disabled';

/**
 * Makes sure the Temporal Schedule that runs `retentionWorkflow` daily exists, on every worker start, concurrently
 * from several workers too: an existing schedule is kept (a pause by an operator stays), and only its workflow
 * arguments and task queue are brought up to date when TRAWL_RETENTION_DAYS or the task queue changed.
 * `retentionDays: 0` turns retention off: the schedule is deleted.
 */
export async function ensureRetentionSchedule(client: Client, options: {
  taskQueue: string;
  retentionDays: number;
  scheduleId?: string;
  cron?: string;
}): Promise<RetentionScheduleOutcome> {
  const { taskQueue, retentionDays, scheduleId = RETENTION_SCHEDULE_ID, cron = RETENTION_CRON } = options;
  const handle = client.schedule.getHandle(scheduleId);
  if (retentionDays <= 0) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'disabled';
      throw error;
    }
  }

  const args: [RetentionWorkflowInput] = [{ retentionDays }];
  try {
    await client.schedule.create({
      scheduleId,
      spec: { cronExpressions: [cron] },
      action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', workflowId: scheduleId, taskQueue, args },
      // One run at a time; after downtime, one catch-up run at most.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      state: { note: 'Trawl data retention (TRAWL_RETENTION_DAYS); created by the worker at start' },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }

  const current = await handle.describe();
  const action = current.action;
  const upToDate = action.type === 'startWorkflow' && action.taskQueue === taskQueue
    && JSON.stringify(action.args ?? []) === JSON.stringify(args);
  if (upToDate) return 'unchanged';
  await handle.update((previous) => ({
    ...previous,
    action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', workflowId: scheduleId, taskQueue, args },
  }));
  return 'updated';
}

/** `ensureRetentionSchedule` at start-up, logged; a failure is a warning, never a reason not to start. */
export async function setUpRetentionSchedule(
  client: Client,
  options: { taskQueue: string; retentionDays: number },
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): Promise<void> {
  try {
    const outcome = await ensureRetentionSchedule(client, options);
    log.info({ scheduleId: RETENTION_SCHEDULE_ID, outcome, retentionDays: options.retentionDays, cron: RETENTION_CRON }, 'retention schedule');
  } catch (error) {
    log.warn({ scheduleId: RETENTION_SCHEDULE_ID, err: error }, 'could not set up the retention schedule');
  }
}
