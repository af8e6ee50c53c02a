import { describe, expect, it } from 'vitest';
import { createSummarizer, estimateTokens } from '../../../lib/summarize';
import { MAX_PAGES_PER_SINGLE_CALL } from '../../../lib/summarize/map-reduce';
import { lastUserMessage, messageText, startOpenAIServer, type RecordedRequest } from '../../fixtures/openai-server';
import { crawlPages, MemoryCache, useLocalModel } from './helpers';

const model = useLocalModel();

type CallKind = 'page' | 'partial-combine' | 'final-combine' | 'pages-together';

function callKind(request: RecordedRequest): CallKind {
  const prompt = lastUserMessage(request.body);
  if (prompt.includes('It will later be merged')) return 'partial-combine';
  if (prompt.startsWith('<summary>')) return 'final-combine';
  return prompt.includes('Summarize the page above') ? 'page' : 'pages-together';
}

function countCalls(requests: RecordedRequest[]): Record<CallKind, number> {
  const counts: Record<CallKind, number> = { page: 0, 'partial-combine': 0, 'final-combine': 0, 'pages-together': 0 };
  for (const request of requests) counts[callKind(request)] += 1;
  return counts;
}

/** The estimate the summarizer budgets with, applied to what actually went over the wire. */
function requestTokens(request: RecordedRequest): number {
  return request.body!.messages.reduce((sum, message) => sum + 4 + estimateTokens(messageText(message)), 3);
}

describe('map-reduce over a crawl', () => {
  it('summarises many pages one by one, then combines the page summaries once', async () => {
    const pages = crawlPages(12);

    const result = await createSummarizer(model.config).summarize(pages, { length: 'medium' });

    expect(countCalls(model.server.requests)).toEqual({ page: 12, 'partial-combine': 0, 'final-combine': 1, 'pages-together': 0 });
    const pagePrompts = model.server.requests.filter((request) => callKind(request) === 'page').map((request) => lastUserMessage(request.body));
    for (const page of pages) expect(pagePrompts.filter((prompt) => prompt.includes(page.text))).toHaveLength(1);

    const combinePrompt = lastUserMessage(model.server.requests.find((request) => callKind(request) === 'final-combine')!.body);
    for (const page of pages) expect(combinePrompt).toContain(`Source: ${page.title} (${page.url})`);
    expect(combinePrompt).toMatch(/Combine the 12 summaries above/);
    expect(result).toMatchObject({ method: 'llm', pages: 12, truncated: false });
  });

  it(`puts up to ${MAX_PAGES_PER_SINGLE_CALL} small pages in one call, and maps beyond that`, async () => {
    await createSummarizer(model.config).summarize(crawlPages(MAX_PAGES_PER_SINGLE_CALL), { length: 'short' });
    expect(countCalls(model.server.requests)).toMatchObject({ 'pages-together': 1, page: 0 });

    model.server.requests.length = 0;
    await createSummarizer(model.config).summarize(crawlPages(MAX_PAGES_PER_SINGLE_CALL + 1), { length: 'short' });
    expect(countCalls(model.server.requests)).toMatchObject({ 'pages-together': 0, page: MAX_PAGES_PER_SINGLE_CALL + 1, 'final-combine': 1 });
  });

  it('maps even two pages when together they exceed the budget', async () => {
    const pages = crawlPages(2, 60); // ~1,400 tokens each
    await createSummarizer({ ...model.config, maxInputTokens: 2_000 }).summarize(pages, { length: 'short' });
    expect(countCalls(model.server.requests)).toMatchObject({ page: 2, 'final-combine': 1 });
  });

  it('stores page summaries in the cache so a second run asks the model for no page again', async () => {
    const cache = new MemoryCache();
    const pages = crawlPages(10);
    const summarizer = createSummarizer(model.config);

    const first = await summarizer.summarize(pages, { length: 'short', cache });
    expect(countCalls(model.server.requests).page).toBe(10);
    expect(cache.entries.size).toBe(10);

    model.server.requests.length = 0;
    const second = await summarizer.summarize(pages, { length: 'short', cache });

    expect(countCalls(model.server.requests)).toEqual({ page: 0, 'partial-combine': 0, 'final-combine': 1, 'pages-together': 0 });
    expect(cache.hits).toBe(10);
    expect(second.text).toBe(first.text);
  });

  it('keys the cache by model, length and page content', async () => {
    const cache = new MemoryCache();
    const pages = crawlPages(6);
    const summarizer = createSummarizer(model.config);

    await summarizer.summarize(pages, { length: 'short', cache });
    await summarizer.summarize(pages, { length: 'long', cache });
    await summarizer.summarize(pages, { length: 'short', model: 'other-model', cache });
    const edited = pages.map((page, index) => (index === 0 ? { ...page, text: `${page.text} Edited.` } : page));
    model.server.requests.length = 0;
    await summarizer.summarize(edited, { length: 'short', cache });

    expect(cache.entries.size).toBe(6 * 3 + 1);
    expect(countCalls(model.server.requests).page).toBe(1);
    for (const key of cache.entries.keys()) expect(key).toMatch(/^summary:page:[0-9a-f]{64}$/);
  });

  it('keeps the page summaries finished before a failure, so the retry asks only for the rest', async () => {
    const cache = new MemoryCache();
    const pages = crawlPages(12);
    const summarizer = createSummarizer(model.config);
    model.server.behave([{ fault: 'ok', times: 5 }, { fault: 'rate-limit' }]);

    await expect(summarizer.summarize(pages, { length: 'short', cache })).rejects.toMatchObject({ type: 'SummarizerRateLimited' });
    const finishedBeforeFailure = cache.entries.size;
    expect(finishedBeforeFailure).toBeGreaterThanOrEqual(5);
    const askedFirst = new Set(model.server.requests.filter((request) => request.outcome === 'ok').map((request) => lastUserMessage(request.body)));

    model.server.requests.length = 0;
    await summarizer.summarize(pages, { length: 'short', cache });

    const pageCalls = model.server.requests.filter((request) => callKind(request) === 'page');
    expect(pageCalls).toHaveLength(12 - finishedBeforeFailure);
    for (const request of pageCalls) expect(askedFirst.has(lastUserMessage(request.body))).toBe(false);
  });

  it('combines in several rounds when the page summaries do not fit one prompt, never exceeding the budget', async () => {
    const wordy = await startOpenAIServer({ reply: (body) => `Summary ${lastUserMessage(body).length}: ${'detail '.repeat(150)}` });
    const cache = new MemoryCache();
    const maxInputTokens = 1_500;
    try {
      const summarizer = createSummarizer({ ...model.config, baseURL: wordy.url, maxInputTokens });
      const result = await summarizer.summarize(crawlPages(20), { length: 'short', cache });

      const calls = countCalls(wordy.requests);
      expect(calls.page).toBe(20);
      expect(calls['partial-combine']).toBeGreaterThanOrEqual(4);
      expect(calls['final-combine']).toBe(1);
      for (const request of wordy.requests) expect(requestTokens(request)).toBeLessThanOrEqual(maxInputTokens);
      const finalPrompt = lastUserMessage(wordy.requests.at(-1)!.body);
      expect(finalPrompt).toMatch(/Source: summary of pages 1–\d+ of the crawl/);
      expect(finalPrompt).toMatch(/Source: summary of pages \d+–20 of the crawl/);
      expect(result).toMatchObject({ method: 'llm', pages: 20 });

      // Intermediate combinations are cached too: a retry only repeats the final call.
      wordy.requests.length = 0;
      await summarizer.summarize(crawlPages(20), { length: 'short', cache });
      expect(countCalls(wordy.requests)).toEqual({ page: 0, 'partial-combine': 0, 'final-combine': 1, 'pages-together': 0 });
    } finally {
      await wordy.close();
    }
  });

  it('cuts an overlong page summary so combining still makes progress', async () => {
    const rambling = await startOpenAIServer({ reply: () => 'Rambling. '.repeat(2_000) });
    try {
      const result = await createSummarizer({ ...model.config, baseURL: rambling.url, maxInputTokens: 1_024 }).summarize(crawlPages(8), {
        length: 'short',
      });
      expect(result.truncated).toBe(true);
      for (const request of rambling.requests) expect(requestTokens(request)).toBeLessThanOrEqual(1_024);
    } finally {
      await rambling.close();
    }
  });

  it('stops starting model calls once the caller aborts', async () => {
    model.server.behave([{ fault: 'delay', ms: 100, times: Infinity }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 30);

    await expect(createSummarizer(model.config).summarize(crawlPages(20), { length: 'short', signal: controller.signal })).rejects.toThrow('cancelled');
    expect(model.server.requests.length).toBeLessThanOrEqual(4);
  });
});
