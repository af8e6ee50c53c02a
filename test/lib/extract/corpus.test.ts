import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scoreExtraction, type ExtractionScore } from '../../../lib/extract/evaluate';
import { extractPage } from '../../../lib/extract';

const CORPUS = fileURLToPath(new URL('../../fixtures/extraction-corpus/', import.meta.url));
const MEAN_F1_THRESHOLD = 0.95;
const PAGE_F1_THRESHOLD = 0.85;

interface PageResult extends ExtractionScore {
  page: string;
}

function evaluateCorpus(): PageResult[] {
  return readdirSync(CORPUS)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const page = file.replace(/\.html$/, '');
      const html = readFileSync(`${CORPUS}${file}`, 'utf8');
      const expected = readFileSync(`${CORPUS}${page}.expected.txt`, 'utf8');
      const { articleBody } = extractPage(html, `https://corpus.example/${page}`);
      return { page, ...scoreExtraction(articleBody, expected) };
    });
}

function formatTable(results: PageResult[], mean: ExtractionScore): string {
  const width = Math.max(...results.map((result) => result.page.length), 4);
  const row = (name: string, score: ExtractionScore) =>
    `${name.padEnd(width)}  ${score.precision.toFixed(3)}  ${score.recall.toFixed(3)}  ${score.f1.toFixed(3)}`;
  return [
    `${'page'.padEnd(width)}  prec.  recall  F1`,
    ...results.map((result) => row(result.page, result)),
    row('mean', mean),
  ].join('\n');
}

describe('main-text extraction on the evaluation corpus', () => {
  const results = evaluateCorpus();
  const average = (key: keyof ExtractionScore) => results.reduce((sum, result) => sum + result[key], 0) / results.length;
  const mean = { precision: average('precision'), recall: average('recall'), f1: average('f1') };
  console.log(`\n${formatTable(results, mean)}\n`);

  it('has at least 20 annotated pages', () => {
    expect(results.length).toBeGreaterThanOrEqual(20);
  });

  it(`reaches a mean F1 of at least ${MEAN_F1_THRESHOLD}`, () => {
    expect(mean.f1).toBeGreaterThanOrEqual(MEAN_F1_THRESHOLD);
  });

  it.each(results.map((result) => [result.page, result] as const))(`%s reaches an F1 of at least ${PAGE_F1_THRESHOLD}`, (_, result) => {
    expect(result.f1).toBeGreaterThanOrEqual(PAGE_F1_THRESHOLD);
  });
});
