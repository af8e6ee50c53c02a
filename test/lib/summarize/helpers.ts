import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SummarizerConfig, SummaryCache, SummaryPage } from '../../../lib/summarize';
import { startOpenAIServer, type OpenAIServer } from '../../fixtures/openai-server';

export const TEST_API_KEY = 'sk-test-0123456789abcdefghij';

/** SummaryCache in memory, counting reads and writes. */
export class MemoryCache implements SummaryCache {
  readonly entries = new Map<string, string>();
  hits = 0;

  async get(key: string): Promise<string | null> {
    const value = this.entries.get(key) ?? null;
    if (value !== null) this.hits += 1;
    return value;
  }

  async set(key: string, text: string): Promise<void> {
    this.entries.set(key, text);
  }
}

/** `count` distinct pages of a crawl, each a few sentences long (about `sentences` × 15 words). */
export function crawlPages(count: number, sentences = 4): SummaryPage[] {
  return Array.from({ length: count }, (_, index) => ({
    url: `https://site.example/page-${index + 1}`,
    title: `Page ${index + 1}`,
    text: Array.from(
      { length: sentences },
      (_, sentence) => `Page ${index + 1} sentence ${sentence + 1} talks about topic ${index + 1} with some detail and context for the reader.`,
    ).join(' '),
  }));
}

export interface LocalModel {
  server: OpenAIServer;
  /** A summarizer configuration that points at `server`. */
  config: SummarizerConfig;
}

/**
 * Starts the local OpenAI-compatible server before the file's tests and closes it after them; after each test its
 * recorded requests and planned behaviours are cleared. The fields are set once `beforeAll` has run.
 */
export function useLocalModel(): LocalModel {
  const model = {} as LocalModel;
  beforeAll(async () => {
    model.server = await startOpenAIServer();
    model.config = { apiKey: TEST_API_KEY, baseURL: model.server.url, model: 'gpt-4o-mini', timeoutMs: 5_000, maxInputTokens: 6_000 };
  });
  afterEach(() => {
    model.server.requests.length = 0;
    model.server.behave([]);
  });
  afterAll(() => model.server.close());
  return model;
}
