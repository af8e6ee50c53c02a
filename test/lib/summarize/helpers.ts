import type { SummaryCache, SummaryPage } from '../../../lib/summarize';

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
