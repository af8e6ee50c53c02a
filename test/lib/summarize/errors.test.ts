import { describe, expect, it } from 'vitest';
import { createSummarizer, SummarizerFailure, type SummarizerConfig } from '../../../lib/summarize';
import { parseRetryAfterMs, redactSecret } from '../../../lib/summarize/errors';
import { startOpenAIServer } from '../../fixtures/openai-server';
import { crawlPages, TEST_API_KEY, useLocalModel } from './helpers';
import { BIKE_SHARE_ARTICLE } from './sample-article';

const model = useLocalModel();

async function failure(overrides: Partial<SummarizerConfig> = {}): Promise<SummarizerFailure> {
  const error = await createSummarizer({ ...model.config, ...overrides })
    .summarize([BIKE_SHARE_ARTICLE], { length: 'short' })
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(SummarizerFailure);
  return error as SummarizerFailure;
}

describe('model errors', () => {
  it('429 → SummarizerRateLimited, retryable, with Retry-After read, and no retry of its own', async () => {
    model.server.behave([{ fault: 'rate-limit', retryAfter: '1', times: 3 }]);

    const error = await failure();

    expect(error).toMatchObject({ type: 'SummarizerRateLimited', retryable: true, retryAfterMs: 1_000, status: 429 });
    expect(model.server.requests).toHaveLength(1); // maxRetries: 0 — the Temporal retry policy retries
  });

  it('429 prefers retry-after-ms', async () => {
    model.server.behave([{ fault: 'rate-limit', retryAfter: '3', retryAfterMs: '250' }]);
    expect((await failure()).retryAfterMs).toBe(250);
  });

  it('429 without a hint leaves retryAfterMs to the retry policy', async () => {
    model.server.behave([{ fault: 'rate-limit', retryAfter: null }]);
    const error = await failure();
    expect(error.type).toBe('SummarizerRateLimited');
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('429 for an exhausted quota is not worth retrying', async () => {
    model.server.behave([{ fault: 'status', status: 429, body: { error: { message: 'You exceeded your current quota.', code: 'insufficient_quota' } } }]);
    expect(await failure()).toMatchObject({ type: 'SummarizerRejected', retryable: false, status: 429 });
  });

  it.each([500, 502, 503])('%i → SummarizerUnavailable, retryable', async (status) => {
    model.server.behave([{ fault: 'server-error', status }]);
    expect(await failure()).toMatchObject({ type: 'SummarizerUnavailable', retryable: true, status });
    expect(model.server.requests).toHaveLength(1);
  });

  it('a dropped connection → SummarizerUnavailable, retryable', async () => {
    model.server.behave([{ fault: 'disconnect' }]);
    expect(await failure()).toMatchObject({ type: 'SummarizerUnavailable', retryable: true });
  });

  it('an unreachable server → SummarizerUnavailable, retryable', async () => {
    const closed = await startOpenAIServer();
    await closed.close();
    expect(await failure({ baseURL: closed.url })).toMatchObject({ type: 'SummarizerUnavailable', retryable: true });
  });

  it('401 → SummarizerRejected, not retryable, and the key never appears in the message', async () => {
    model.server.behave([{ fault: 'unauthorized' }]);

    const error = await failure();

    expect(error).toMatchObject({ type: 'SummarizerRejected', retryable: false, status: 401 });
    expect(error.message).toMatch(/Incorrect API key provided/);
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(error)).not.toContain(TEST_API_KEY);
    expect(String(error.stack)).not.toContain(TEST_API_KEY);
  });

  it('redacts a key that does not look like an OpenAI key too', async () => {
    model.server.behave([{ fault: 'unauthorized' }]);
    const error = await failure({ apiKey: 'ollama-local-key' });
    expect(error.message).not.toContain('ollama-local-key');
    expect(error.message).toContain('[redacted]');
  });

  it.each([400, 403, 404, 422])('%i → SummarizerRejected, not retryable', async (status) => {
    model.server.behave([{ fault: 'status', status, body: { error: { message: `nope ${status}` } } }]);
    expect(await failure()).toMatchObject({ type: 'SummarizerRejected', retryable: false, status });
  });

  it('a hanging server → SummarizerTimeout after timeoutMs, retryable', async () => {
    model.server.behave([{ fault: 'hang' }]);
    const started = Date.now();

    const error = await failure({ timeoutMs: 200 });

    expect(error).toMatchObject({ type: 'SummarizerTimeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(model.server.requests).toHaveLength(1);
  });

  it('an empty completion → SummarizerUnavailable, retryable', async () => {
    const empty = await startOpenAIServer({ reply: () => '   ' });
    try {
      expect(await failure({ baseURL: empty.url })).toMatchObject({ type: 'SummarizerUnavailable', retryable: true });
    } finally {
      await empty.close();
    }
  });

  it('the caller aborting rejects with the abort reason, not a SummarizerFailure', async () => {
    model.server.behave([{ fault: 'hang' }]);
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    setTimeout(() => controller.abort(reason), 50);

    await expect(createSummarizer(model.config).summarize([BIKE_SHARE_ARTICLE], { length: 'short', signal: controller.signal })).rejects.toBe(reason);
  });

  it('a failure in the middle of a map step surfaces as the mapped failure', async () => {
    model.server.behave([{ fault: 'ok', times: 2 }, { fault: 'server-error' }]);
    const error = await createSummarizer(model.config)
      .summarize(crawlPages(8), { length: 'short' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ type: 'SummarizerUnavailable', retryable: true });
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '120.2', 'retry-after': '9' }), now)).toBe(121);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now)).toBe(7_000);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('redactSecret', () => {
  it('removes the exact key and anything shaped like an OpenAI key', () => {
    expect(redactSecret('bad key my-secret-key!', 'my-secret-key')).toBe('bad key [redacted]!');
    expect(redactSecret('bad key sk-proj-AbC123xyz789', undefined)).toBe('bad key [redacted]');
  });
});
