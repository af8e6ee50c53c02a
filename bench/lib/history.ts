/** A scrape workflow's history: its size, and where the time went (activity execution vs. orchestration). */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

// CommonJS package: a named ESM import of `temporal` fails under plain Node/tsx (it works under vitest).
const { temporal } = proto;

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

const ms = (ts: Timestamp): number => (ts ? Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6 : NaN);

export interface ActivityTiming {
  count: number;
  /** Sum of start → close: time the worker spent in the activity. */
  executionMs: number;
  /** Sum of scheduled → started: time the task waited for the worker to pick it up. */
  queueMs: number;
}

export interface HistoryReport {
  bytes: number;
  events: number;
  workflowTasks: number;
  /** First event → last event. */
  spanMs: number;
  activities: Record<string, ActivityTiming>;
  /** Time no activity was running (span minus the union of activity intervals): workflow tasks, dispatch, round trips. */
  orchestrationMs: number;
}

export async function historyReport(client: Client, workflowId: string): Promise<HistoryReport> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const bytes = temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish().length;
  const events = history.events ?? [];
  const scheduled = new Map<string, { type: string; at: number }>();
  const started = new Map<string, number>();
  const activities: Record<string, ActivityTiming> = {};
  let workflowTasks = 0;
  const intervals: [number, number][] = [];
  for (const event of events) {
    const at = ms(event.eventTime as Timestamp);
    const id = String(event.eventId);
    if (event.workflowTaskCompletedEventAttributes) workflowTasks++;
    if (event.activityTaskScheduledEventAttributes) {
      scheduled.set(id, { type: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?', at });
    }
    if (event.activityTaskStartedEventAttributes) started.set(String(event.activityTaskStartedEventAttributes.scheduledEventId), at);
    const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes
      ?? event.activityTaskTimedOutEventAttributes ?? event.activityTaskCanceledEventAttributes;
    if (closed) {
      const key = String(closed.scheduledEventId);
      const schedule = scheduled.get(key);
      const start = started.get(key);
      if (!schedule || start === undefined) continue;
      const timing = (activities[schedule.type] ??= { count: 0, executionMs: 0, queueMs: 0 });
      timing.count++;
      timing.executionMs += at - start;
      timing.queueMs += start - schedule.at;
      intervals.push([start, at]);
    }
  }
  const spanMs = events.length ? ms(events[events.length - 1].eventTime as Timestamp) - ms(events[0].eventTime as Timestamp) : 0;
  for (const timing of Object.values(activities)) {
    timing.executionMs = Math.round(timing.executionMs);
    timing.queueMs = Math.round(timing.queueMs);
  }
  // Activities may overlap (a pipelined workflow), so busy time is the union of their intervals.
  let busyMs = 0;
  let coveredUntil = -Infinity;
  for (const [start, end] of intervals.sort((a, b) => a[0] - b[0])) {
    if (end <= coveredUntil) continue;
    busyMs += end - Math.max(start, coveredUntil);
    coveredUntil = end;
  }
  return { bytes, events: events.length, workflowTasks, spanMs: Math.round(spanMs), activities, orchestrationMs: Math.round(spanMs - busyMs) };
}
