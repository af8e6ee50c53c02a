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
