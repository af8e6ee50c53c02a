import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';

/** The workflow's history as Temporal stores it, and its size in bytes (protobuf encoding). */
export async function historyOf(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const bytes = temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish().length;
  const activityTypes = (history.events ?? [])
    .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((name): name is string => Boolean(name));
  return { history, bytes, events: history.events?.length ?? 0, activityTypes };
}

/**
 * With RECORD_HISTORIES=1, keeps a real run's history under test/histories/ for the replay test, so a change that
 * breaks the workflow's determinism fails CI instead of production.
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const { writeFileSync } = await import('node:fs');
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const encoded = temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish();
  writeFileSync(new URL(`../histories/${name}.binpb`, import.meta.url), encoded);
}
