import type { ScheduleOptionsStartWorkflowAction, ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import type { ScheduleRequest } from '../../lib/schedule-options';
import { scheduleIdAttribute, tenantIdAttribute } from '../../workflows/search-attributes';
import type { scrapeWorkflow, ScrapeWorkflowInput } from '../../workflows/scrape';
import { cronProblem } from '../../lib/cron';
import { badRequest, type ErrorDetail } from '../errors';

export const temporalScheduleId = (scheduleId: string) => `schedule-${scheduleId}`;

/** What zod cannot see in a schedule: exactly one of cron/interval, valid cron, a real time zone, a possible range. */
export function scheduleProblems(request: Pick<ScheduleRequest, 'cron' | 'interval' | 'timezone' | 'startAt' | 'endAt'>, now = new Date()): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if ((request.cron === undefined) === (request.interval === undefined)) {
    problems.push({ path: 'cron', message: 'give exactly one of cron or interval' });
  }
  const crons = request.cron === undefined ? [] : Array.isArray(request.cron) ? request.cron : [request.cron];
  crons.forEach((expression, i) => {
    const problem = cronProblem(expression);
    if (problem) problems.push({ path: Array.isArray(request.cron) ? `cron.${i}` : 'cron', message: problem });
  });
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: request.timezone });
  } catch {
    problems.push({ path: 'timezone', message: `unknown time zone ${request.timezone}` });
  }
  const startAt = request.startAt ? new Date(request.startAt) : undefined;
  const endAt = request.endAt ? new Date(request.endAt) : undefined;
  if (startAt && endAt && startAt >= endAt) problems.push({ path: 'endAt', message: 'endAt must be after startAt' });
  if (endAt && endAt <= now) problems.push({ path: 'endAt', message: 'endAt is in the past: the schedule would never run' });
  return problems;
}

export function assertScheduleUsable(request: Parameters<typeof scheduleProblems>[0]): void {
  const problems = scheduleProblems(request);
  if (problems.length > 0) throw badRequest('the schedule cannot be run', problems);
}

export function temporalSpec(request: ScheduleRequest): ScheduleSpec {
  const cron = request.cron === undefined ? undefined : Array.isArray(request.cron) ? request.cron : [request.cron];
  return {
    ...(cron ? { cronExpressions: cron } : { intervals: [{ every: request.interval! }] }),
    timezone: request.timezone,
    jitter: request.jitter,
    startAt: request.startAt ? new Date(request.startAt) : undefined,
    endAt: request.endAt ? new Date(request.endAt) : undefined,
  };
}

export const temporalOverlap = (overlap: ScheduleRequest['overlap']) => overlap.toUpperCase() as ScheduleOverlapPolicy;

/** Every run starts an ordinary scrape workflow, findable in the UI by TrawlScheduleId. */
export function temporalAction(
  scheduleId: string,
  tenantId: string,
  url: string,
  { taskQueue, retryInitialInterval }: { taskQueue: string; retryInitialInterval: string },
): ScheduleOptionsStartWorkflowAction<typeof scrapeWorkflow> {
  const input: ScrapeWorkflowInput = { scheduleId, retryInitialInterval };
  return {
    type: 'startWorkflow',
    workflowType: 'scrapeWorkflow',
    workflowId: temporalScheduleId(scheduleId),
    taskQueue,
    args: [input],
    memo: { url, tenantId, scheduleId },
    typedSearchAttributes: [
      { key: scheduleIdAttribute, value: scheduleId },
      { key: tenantIdAttribute, value: tenantId },
    ],
  };
}
