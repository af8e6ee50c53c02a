import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCorpusScores, scoreCorpus } from '../../../lib/extract/evaluate';

const CORPUS = fileURLToPath(new URL('../../fixtures/extraction-corpus/', import.meta.url));
const MEAN_F1_THRESHOLD = 0.95;
const PAGE_F1_THRESHOLD = 0.85;

describe('main-text extraction on the evaluation corpus', () => {
  const scores = scoreCorpus(CORPUS);
  console.log(`\n${formatCorpusScores(scores)}\n`);

  it('has at least 20 annotated pages', () => {
    expect(scores.pages.length).toBeGreaterThanOrEqual(20);
  });

  it(`reaches a mean F1 of at least ${MEAN_F1_THRESHOLD}`, () => {
    expect(scores.mean.f1).toBeGreaterThanOrEqual(MEAN_F1_THRESHOLD);
  });

  it.each(scores.pages.map((score) => [score.page, score] as const))(`%s reaches an F1 of at least ${PAGE_F1_THRESHOLD}`, (_, score) => {
    expect(score.f1).toBeGreaterThanOrEqual(PAGE_F1_THRESHOLD);
  });
});
