import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { summaries } from '../../db/schema';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { lastUserMessage, startOpenAIServer, type OpenAIServer } from '../fixtures/openai-server';
import { historyOf } from '../support/history';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { adminAuthHeaders, adminKeyEnv, apiClient } from '../support/scrape-checks';

/**
 * The model server rate-limits the summary twice (429, Retry-After: 1) and then answers: the summarize activity
 * waits what the server asked each time (not the 50 ms retry interval), the model is asked successfully exactly once,
 * and exactly one summary is stored.
 */
const TASK_QUEUE = `fault-summarizer-429-${process.pid}`;

let pipeline: Pipeline;
let site: FixtureSite;
let model: OpenAIServer;

beforeAll(async () => {
  model = await startOpenAIServer({ plan: [{ fault: 'rate-limit', times: 2, retryAfter: '1' }], requireApiKey: 'sk-fault-tests-0123456789' });
  site = await startFixtureSite();
  pipeline = await startPipeline({
    taskQueue: TASK_QUEUE,
    env: { ...adminKeyEnv, OPENAI_API_KEY: 'sk-fault-tests-0123456789', OPENAI_BASE_URL: model.url, OPENAI_TIMEOUT_MS: '5000' },
  });
});

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await model?.close();
});

describe('a model server answering 429 with Retry-After', () => {
  it('is retried after Retry-After each time, asked successfully once, and one llm summary is stored', async () => {
    const api = apiClient(pipeline.app, adminAuthHeaders);
    const pageUrl = site.url('/article');
    const { status, body: started } = await api.post('/v1/scrapes', { url: pageUrl, summarize: { enabled: true, length: 'short' } });
    expect(status).toBe(202);
    const done = await api.finished(started.id, 30_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const chats = model.chatRequests().filter((request) => lastUserMessage(request.body).includes(pageUrl));
    expect(chats.map((request) => request.outcome)).toEqual(['rate-limit', 'rate-limit', 'ok']);
    expect(chats.filter((request) => request.outcome === 'ok')).toHaveLength(1);

    const rows = await pipeline.database.db.select().from(summaries).where(eq(summaries.scrapeId, started.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scope: 'scrape', method: 'llm', model: 'gpt-4o-mini', pages: 1 });
    expect(rows[0].text).toMatch(/^Summary: /);
    const { body: summary } = await api.get(`/v1/scrapes/${started.id}/summary`);
    expect(summary).toMatchObject({ method: 'llm', text: rows[0].text });

    // The activity's own timeline in Temporal: three attempts, the waits between them set by Retry-After (1 s each).
    const { history } = await historyOf(pipeline.client, started.workflowId);
    const events = history.events ?? [];
    const at = (event: (typeof events)[number]) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
    const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'summarizeScrape')!;
    const startedEvent = events.find((event) => String(event.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled.eventId))!;
    const completed = events.find((event) => String(event.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId))!;
    expect(startedEvent.activityTaskStartedEventAttributes?.attempt).toBe(3);
    expect(startedEvent.activityTaskStartedEventAttributes?.lastFailure?.applicationFailureInfo?.type).toBe('SummarizerRateLimited');
    const elapsedMs = at(completed) - at(scheduled);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_900);
    expect(elapsedMs).toBeLessThan(10_000);
    console.log(`summarizer 429: ${chats.length} chat requests (${chats.map((request) => request.outcome).join(', ')}); summarize took ${elapsedMs} ms over 3 attempts`);
  }, 60_000);
});
