import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, inArray } from 'drizzle-orm';
import { deliveries } from '../../db/schema';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startWebhookReceiver } from '../fixtures/webhook-receiver';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { withTimeout } from '../support/processes';
import { adminAuthHeaders, adminKeyEnv, apiClient } from '../support/scrape-checks';

/**
 * The scrape's webhook endpoint is down (503) for the first three deliveries of `scrape.started` and the first two
 * of `scrape.completed`: each delivery is retried with growing gaps, every attempt is recorded with its status code,
 * every attempt of an event carries the same event id and body with a valid signature, and each event is accepted
 * exactly once.
 */
const TASK_QUEUE = `fault-webhook-outage-${process.pid}`;
// 1 s, not less: the Temporal server fires activity retry timers up to ~1 s late (history.timerProcessorMaxTimeShift),
// so shorter intervals all come out near 1 s and the growth of the backoff could not be seen.
const RETRY_INITIAL_MS = 1_000;
// Answers in arrival order: started ×4 (503, 503, 503, 200), then completed ×3 (503, 503, 200); 200 afterwards.
const ANSWERS = [503, 503, 503, 200, 503, 503, 200];
const EXPECTED: Record<string, number[]> = { 'scrape.started': [503, 503, 503, 200], 'scrape.completed': [503, 503, 200] };

let pipeline: Pipeline;
let site: FixtureSite;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: TASK_QUEUE, env: { ...adminKeyEnv, TRAWL_RETRY_INITIAL_INTERVAL: `${RETRY_INITIAL_MS}ms` } });
  site = await startFixtureSite();
  receiver = await startWebhookReceiver();
  receiver.answer(() => ANSWERS[receiver.received.length] ?? 200);
});

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await receiver?.close();
});

describe('a webhook endpoint that is down for a while', () => {
  it('gets every event retried with backoff, with one id, valid signatures, and accepted exactly once', async () => {
    const api = apiClient(pipeline.app, adminAuthHeaders);
    const { status, body: started } = await api.post('/v1/scrapes', {
      url: site.url('/p/1'), summarize: { enabled: false }, notify: [{ url: receiver.url, events: ['scrape.started', 'scrape.completed'] }],
    });
    expect(status).toBe(202);
    const [{ secret, id: webhookId }] = started.notify;
    // The run's status is final before its last notification is delivered: wait for the workflow itself.
    const result = await withTimeout(pipeline.client.workflow.getHandle(started.workflowId).result(), 45_000, 'the scrape workflow');
    expect(result.status).toBe('completed');

    const mine = receiver.received.filter((delivery) => delivery.payload.data.scrapeId === started.id);
    expect(mine.map((delivery) => delivery.answered)).toEqual(ANSWERS);
    const eventIds: string[] = [];
    for (const [type, answers] of Object.entries(EXPECTED)) {
      const attempts = mine.filter((delivery) => delivery.payload.type === type);
      expect(attempts.map((delivery) => delivery.answered), type).toEqual(answers);
      expect(attempts.filter((delivery) => delivery.answered === 200), type).toHaveLength(1);
      // One event: the same id and the same body on every attempt, each attempt signed (and verifiable) on its own.
      const ids = new Set(attempts.map((delivery) => delivery.headers['webhook-id']));
      expect(ids.size, type).toBe(1);
      expect(new Set(attempts.map((delivery) => delivery.body)).size, type).toBe(1);
      for (const delivery of attempts) expect(() => receiver.verify(delivery, secret)).not.toThrow();
      eventIds.push([...ids][0]);
    }
    expect(new Set(eventIds).size).toBe(2);

    // Every attempt is recorded, numbered, with its status code; each gap is at least the backoff interval before it.
    const rows = await pipeline.database.db.select().from(deliveries).where(inArray(deliveries.eventId, eventIds))
      .orderBy(asc(deliveries.eventId), asc(deliveries.attempt));
    const gapsByEvent: Record<string, number[]> = {};
    for (const [index, type] of Object.keys(EXPECTED).entries()) {
      const attempts = rows.filter((row) => row.eventId === eventIds[index]);
      expect(attempts.map((row) => row.attempt), type).toEqual(EXPECTED[type].map((_, k) => k + 1));
      expect(attempts.map((row) => row.statusCode), type).toEqual(EXPECTED[type]);
      expect(attempts.map((row) => row.ok), type).toEqual(EXPECTED[type].map((code) => code === 200));
      expect(attempts.filter((row) => !row.ok).every((row) => row.error === 'HTTP 503'), type).toBe(true);
      expect(attempts.every((row) => row.webhookId === webhookId), type).toBe(true);
      const gaps = attempts.slice(1).map((row, k) => row.createdAt.getTime() - attempts[k].createdAt.getTime());
      gapsByEvent[type] = gaps;
      gaps.forEach((gap, k) => {
        // The retry policy's interval before attempt k + 2 is RETRY_INITIAL_MS × 2^k; allow some clock slack. Lower
        // bounds only: on a loaded machine an early attempt can start late, so one gap may exceed the next.
        expect(gap, `${type} gap ${k + 1}`).toBeGreaterThanOrEqual(RETRY_INITIAL_MS * 2 ** k * 0.9);
      });
    }
    const { body: hook } = await api.get(`/v1/webhooks/${webhookId}`);
    expect(hook.deliveries).toHaveLength(ANSWERS.length);

    console.log(`webhook outage: gaps between attempts (ms) ${JSON.stringify(gapsByEvent)}`);
  }, 60_000);
});
