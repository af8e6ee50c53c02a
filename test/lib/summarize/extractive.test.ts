import { describe, expect, it } from 'vitest';
import { createSummarizer, EXTRACTIVE_NOTE, NO_TEXT_CONTENT, type SummaryPage } from '../../../lib/summarize';
import { extractiveSummary } from '../../../lib/summarize/extractive';
import { splitSentences } from '../../../lib/summarize/text-segments';
import { BIKE_SHARE_ARTICLE, CENTRAL_SENTENCES, FILLER_SENTENCES } from './sample-article';

const summarizer = createSummarizer({ model: 'gpt-4o-mini', timeoutMs: 1_000, maxInputTokens: 6_000 });

/** `sentences` distinct sentences: no two share more than one of subject, verb and object. */
function numberedPage(sentences: number): SummaryPage {
  const subjects = ['The parser', 'The indexer', 'The storage engine', 'The query planner', 'The cache layer'];
  const verbs = ['reads', 'writes', 'validates', 'compresses', 'rebuilds', 'locks'];
  const objects = ['the index file', 'each data page', 'the write-ahead log', 'the schema catalog', 'every bloom filter', 'the snapshot', 'temporary tables'];
  return {
    url: 'https://docs.example/long',
    title: 'Long page',
    text: Array.from({ length: sentences }, (_, i) => `${subjects[i % 5]} ${verbs[i % 6]} ${objects[i % 7]} during step ${i + 1}.`).join(' '),
  };
}

describe('extractive summaries (no API key)', () => {
  it('is the method when no key is configured, and says why in a note', async () => {
    expect(summarizer.method).toBe('extractive');
    expect(createSummarizer({ apiKey: '  ', model: 'm', timeoutMs: 1_000, maxInputTokens: 6_000 }).method).toBe('extractive');

    const result = await summarizer.summarize([BIKE_SHARE_ARTICLE], { length: 'short' });

    expect(result).toMatchObject({ method: 'extractive', model: null, pages: 1, truncated: false, note: EXTRACTIVE_NOTE });
    expect(result.note).toMatch(/no OPENAI_API_KEY/);
    expect(result.note).toMatch(/extractive/);
  });

  it('picks the central sentences of an article and leaves the filler out', async () => {
    const short = await summarizer.summarize([BIKE_SHARE_ARTICLE], { length: 'short' });
    const shortSentences = splitSentences(short.text);
    expect(shortSentences).toHaveLength(3);
    for (const sentence of shortSentences) expect(CENTRAL_SENTENCES).toContain(sentence);

    const medium = await summarizer.summarize([BIKE_SHARE_ARTICLE], { length: 'medium' });
    for (const sentence of CENTRAL_SENTENCES) expect(medium.text).toContain(sentence);
    for (const filler of [FILLER_SENTENCES[0], FILLER_SENTENCES[2], FILLER_SENTENCES[3]]) expect(medium.text).not.toContain(filler);
  });

  it('keeps the sentences in their original order', async () => {
    const { text } = await summarizer.summarize([BIKE_SHARE_ARTICLE], { length: 'medium' });
    const positions = splitSentences(text).map((sentence) => BIKE_SHARE_ARTICLE.text.indexOf(sentence));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it.each([
    ['short', 3],
    ['medium', 6],
    ['long', 12],
  ] as const)('%s gives %i sentences', async (length, count) => {
    const { text } = await summarizer.summarize([numberedPage(30)], { length });
    expect(splitSentences(text)).toHaveLength(count);
  });

  it('returns every sentence of a text shorter than the target', async () => {
    const page = { url: 'https://a.example', title: null, text: 'Only one sentence here. And a second one.' };
    expect((await summarizer.summarize([page], { length: 'long' })).text).toBe(page.text);
  });

  it('is deterministic', async () => {
    const pages = [BIKE_SHARE_ARTICLE, numberedPage(40)];
    const runs = await Promise.all(Array.from({ length: 3 }, () => summarizer.summarize(pages, { length: 'long' })));
    expect(new Set(runs.map((run) => run.text)).size).toBe(1);
    expect(extractiveSummary(pages, 'long')).toBe(runs[0].text);
  });

  it('combines pages, one paragraph per page in crawl order, without repeating boilerplate', async () => {
    const banner = 'We use cookies to improve your experience on this site.';
    const pages: SummaryPage[] = [
      {
        url: 'https://zoo.example/penguins',
        title: 'Penguins',
        text: `${banner} Penguins at the zoo eat fish twice a day. The penguin colony has twenty birds. Penguins swim in a cold pool.`,
      },
      {
        url: 'https://zoo.example/lions',
        title: 'Lions',
        text: `${banner} The lions at the zoo sleep most of the day. The lion pride has five lions. Lions are fed meat in the evening.`,
      },
    ];

    const { text } = await summarizer.summarize(pages, { length: 'medium' });

    const paragraphs = text.split('\n\n');
    expect(paragraphs).toHaveLength(2);
    expect(paragraphs[0]).toMatch(/Penguin/);
    expect(paragraphs[1]).toMatch(/lion/i);
    expect(text.split(banner).length - 1).toBeLessThanOrEqual(1);
  });

  it('drops near-identical sentences', async () => {
    const page = {
      url: 'https://a.example',
      title: 'Release notes',
      text: [
        'Version 2.0 adds offline sync for all mobile users.',
        'Version 2.0 adds offline sync for all the mobile users.',
        'Version 2.0 adds offline sync for all mobile users!',
        'The update also fixes a crash when opening large attachments.',
        'Battery use while syncing is lower than in version 1.9.',
      ].join(' '),
    };

    const { text } = await summarizer.summarize([page], { length: 'short' });

    expect(text.match(/adds offline sync/g)).toHaveLength(1);
    expect(splitSentences(text)).toHaveLength(3);
  });

  it('handles text in scripts without spaces', async () => {
    const page = { url: 'https://jp.example', title: '東京', text: '東京は日本の首都です。東京には多くの人が住んでいます。今日は晴れです。東京の電車はとても便利です。' };
    const { text } = await summarizer.summarize([page], { length: 'short' });
    expect(splitSentences(text)).toHaveLength(3);
    expect(text).toContain('東京は日本の首都です。');
  });

  it('answers "No text content found" for no pages or pages without text', async () => {
    for (const pages of [[], [{ url: 'https://a.example', title: 'Blank', text: ' \n ' }]]) {
      const result = await summarizer.summarize(pages, { length: 'short' });
      expect(result).toMatchObject({ text: NO_TEXT_CONTENT, method: 'extractive', model: null, pages: 0, truncated: false, note: EXTRACTIVE_NOTE });
    }
  });

  it('survives a page that is one enormous unpunctuated run', async () => {
    const page = { url: 'https://a.example', title: null, text: 'menu item '.repeat(5_000) };
    const { text } = await summarizer.summarize([page], { length: 'short' });
    expect(text.length).toBeLessThanOrEqual(501);
    expect(text.endsWith('…')).toBe(true);
  });
});
