import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPage } from './index';
import { wordTokens } from './text';

export interface ExtractionScore {
  precision: number;
  recall: number;
  f1: number;
}

function countTokens(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * Token-level precision, recall and F1 of an extracted text against the annotated one, as in the
 * trafilatura / article-extraction benchmarks: lower-cased word tokens compared as multisets, so a word
 * counts as many times as it appears in both. Scripts without spaces (Chinese, Japanese) count per character.
 */
export function scoreExtraction(extracted: string, expected: string): ExtractionScore {
  const extractedTokens = wordTokens(extracted);
  const expectedTokens = wordTokens(expected);
  if (extractedTokens.length === 0 && expectedTokens.length === 0) return { precision: 1, recall: 1, f1: 1 };
  if (extractedTokens.length === 0 || expectedTokens.length === 0) return { precision: 0, recall: 0, f1: 0 };

  const expectedCounts = countTokens(expectedTokens);
  let overlap = 0;
  for (const [token, count] of countTokens(extractedTokens)) overlap += Math.min(count, expectedCounts.get(token) ?? 0);

  const precision = overlap / extractedTokens.length;
  const recall = overlap / expectedTokens.length;
  const f1 = overlap === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export interface PageScore extends ExtractionScore {
  page: string;
}

/**
 * Scores `extractPage(NAME.html).articleBody` against `NAME.expected.txt` for every page of an annotated corpus
 * directory (see test/fixtures/extraction-corpus/README.md), with the page URL `https://corpus.example/NAME`.
 */
export function scoreCorpus(dir: string): { pages: PageScore[]; mean: ExtractionScore } {
  const pages = readdirSync(dir)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const page = file.replace(/\.html$/, '');
      const html = readFileSync(path.join(dir, file), 'utf8');
      const expected = readFileSync(path.join(dir, `${page}.expected.txt`), 'utf8');
      return { page, ...scoreExtraction(extractPage(html, `https://corpus.example/${page}`).articleBody, expected) };
    });
  const average = (key: keyof ExtractionScore) => pages.reduce((sum, score) => sum + score[key], 0) / Math.max(pages.length, 1);
  return { pages, mean: { precision: average('precision'), recall: average('recall'), f1: average('f1') } };
}

/** A plain-text table of a corpus's scores, one page a line, the mean last. */
export function formatCorpusScores({ pages, mean }: ReturnType<typeof scoreCorpus>): string {
  const width = Math.max(...pages.map((score) => score.page.length), 4);
  const row = (name: string, score: ExtractionScore) =>
    `${name.padEnd(width)}  ${score.precision.toFixed(3)}  ${score.recall.toFixed(3)}  ${score.f1.toFixed(3)}`;
  return [`${'page'.padEnd(width)}  prec.  recall  F1`, ...pages.map((score) => row(score.page, score)), row('mean', mean)].join('\n');
}
