import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSummarizer } from '../../../lib/summarize';
import { estimateMessagesTokens, estimateTokens, TRUNCATION_MARKER, truncateToTokenBudget } from '../../../lib/summarize/token-budget';
import { lastUserMessage, startOpenAIServer, type OpenAIServer } from '../../fixtures/openai-server';
import { TEST_API_KEY } from './helpers';

describe('estimateTokens', () => {
  it('counts about 4 ASCII characters per token, more for other scripts', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('a'.repeat(4_000))).toBe(1_000);
    expect(estimateTokens('日本語のテキスト')).toBe(8);
    expect(estimateTokens('привет')).toBe(3);
  });

  it('adds a few tokens per chat message', () => {
    expect(estimateMessagesTokens([{ content: 'abcd' }, { content: '' }])).toBe(3 + 4 + 1 + 4);
  });
});

describe('truncateToTokenBudget', () => {
  const paragraph = (n: number) => `Paragraph ${n} opens here. It has a second sentence that goes on for a while.`;

  it('leaves text within the budget alone', () => {
    expect(truncateToTokenBudget('short text', 10)).toEqual({ text: 'short text', truncated: false });
  });

  it('cuts at a paragraph end rather than a later sentence end', () => {
    const text = Array.from({ length: 20 }, (_, i) => paragraph(i + 1)).join('\n\n');

    for (let budget = 60; budget <= 140; budget += 7) {
      const { text: cut, truncated } = truncateToTokenBudget(text, budget);
      const kept = cut.slice(0, -TRUNCATION_MARKER.length);

      expect(truncated).toBe(true);
      expect(estimateTokens(cut)).toBeLessThanOrEqual(budget);
      expect(cut.endsWith(TRUNCATION_MARKER)).toBe(true);
      expect(kept).toMatch(/goes on for a while\.$/);
      expect(text.startsWith(`${kept}\n\n`)).toBe(true);
    }
  });

  it('cuts at a sentence end inside one long paragraph', () => {
    const text = Array.from({ length: 60 }, (_, i) => `Sentence number ${i + 1} is here.`).join(' ');

    const { text: cut } = truncateToTokenBudget(text, 50);

    expect(estimateTokens(cut)).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/Sentence number \d+ is here\.\n\[… truncated\]$/);
  });

  it('cuts at a word when there is no sentence boundary', () => {
    const text = 'word '.repeat(1_000);
    const { text: cut } = truncateToTokenBudget(text, 20);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(20);
    expect(cut).toMatch(/^(word )*word\n\[… truncated\]$/);
  });

  it('respects the budget for text in wide scripts', () => {
    const text = '東京は日本の首都です。'.repeat(200);
    const { text: cut } = truncateToTokenBudget(text, 100);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/首都です。\n\[… truncated\]$/);
  });
});

describe('summarizer input budget', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(() => server.close());

  it('cuts a page beyond maxInputTokens, says so, and keeps the request within the budget', async () => {
    const maxInputTokens = 1_024;
    const longText = Array.from({ length: 400 }, (_, i) => `Fact ${i + 1} about the product is stated here.`).join(' ');
    const summarizer = createSummarizer({ apiKey: TEST_API_KEY, baseURL: server.url, model: 'm', timeoutMs: 5_000, maxInputTokens });

    const result = await summarizer.summarize([{ url: 'https://shop.example/p', title: 'Product', text: longText }], { length: 'short' });

    expect(result.truncated).toBe(true);
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0].body!;
    const sentTokens = estimateMessagesTokens(body.messages.map((message) => ({ content: String(message.content) })));
    expect(sentTokens).toBeLessThanOrEqual(maxInputTokens);
    expect(sentTokens).toBeGreaterThan(maxInputTokens * 0.8);
    const prompt = lastUserMessage(body);
    expect(prompt).toContain('Fact 1 about the product is stated here.');
    expect(prompt).not.toContain('Fact 400 ');
    expect(prompt).toMatch(/is stated here\.\n\[… truncated\]\n<\/page>/);
  });
});
