import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startOpenAIServer, type OpenAIServer } from '../fixtures/openai-server';
import { json, startPipeline, waitFor, type Pipeline } from '../support/pipeline';

const API_KEY = 'sk-test-not-a-real-key-0123456789';
let pipeline: Pipeline;
let site: FixtureSite;
let model: OpenAIServer;

beforeAll(async () => {
  model = await startOpenAIServer({ requireApiKey: API_KEY });
  site = await startFixtureSite({ pages: 3 });
  pipeline = await startPipeline({
    taskQueue: 'test-summaries',
    env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: model.url, OPENAI_MODEL: 'fixture-model', OPENAI_TIMEOUT_MS: '2000' },
  });
});
afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await model?.close();
});

const scrape = async (path: string) => {
  const { body } = await json(pipeline.app.request('/v1/scrapes', { method: 'POST', body: JSON.stringify({ url: site.url(path) }), headers: { 'content-type': 'application/json' } }));
  return waitFor(async () => {
    const { body: view } = await json(pipeline.app.request(`/v1/scrapes/${body.id}`));
    return ['completed', 'failed', 'cancelled'].includes(view.status) ? view : undefined;
  }, { timeoutMs: 40_000, what: 'the scrape' });
};
const summaryOf = async (id: string) => (await json(pipeline.app.request(`/v1/scrapes/${id}/summary`))).body;

describe('summaries from an OpenAI-compatible model', () => {
  it('summarises the main text with the configured model and says so', async () => {
    model.requests.length = 0;
    const done = await scrape('/article');
    expect(done.status).toBe('completed');
    expect(await summaryOf(done.id)).toMatchObject({ method: 'llm', model: 'fixture-model', text: expect.stringMatching(/^Summary: /) });
    const [request] = model.chatRequests();
    expect(request.authorization).toBe(`Bearer ${API_KEY}`);
    expect(JSON.stringify(request.body)).toContain('gravity of the Moon');
    expect(JSON.stringify(request.body)).not.toContain('Home'); // the nav is not main text
  });

  it('falls back to a labelled extractive summary when the model stays unavailable', async () => {
    model.behave([{ fault: 'server-error', status: 503, times: Infinity }]);
    try {
      const done = await scrape('/p/1');
      expect(done.status).toBe('completed');
      const summary = await summaryOf(done.id);
      expect(summary.method).toBe('extractive');
      expect(summary.note).toMatch(/model stayed unavailable after 8 attempts \(SummarizerUnavailable\)/);
      expect(model.chatRequests().filter((r) => r.outcome === 'server-error').length).toBeGreaterThanOrEqual(8);
    } finally {
      model.behave([]);
    }
  });

  it('a rejected key fails the scrape with a clear type, and the key appears nowhere', async () => {
    model.behave([{ fault: 'unauthorized', times: Infinity }]);
    try {
      const done = await scrape('/p/2');
      expect(done.status).toBe('failed');
      expect(done.error.type).toBe('SummarizerRejected');
      expect(JSON.stringify(done)).not.toContain(API_KEY);
      expect(model.chatRequests().filter((r) => r.outcome === 'unauthorized')).toHaveLength(1);
    } finally {
      model.behave([]);
    }
  });
});
