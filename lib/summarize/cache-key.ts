import { createHash } from 'node:crypto';
import { PROMPT_VERSION, type SummaryPiece } from './prompts';
import type { SummaryLength, SummaryPage } from './types';

/** Key of one page's summary: the same model, length and page content give the same key. */
export function pageSummaryKey(model: string, length: SummaryLength, page: SummaryPage): string {
  return `summary:page:${hash(['page', PROMPT_VERSION, model, length, page.url, page.title, page.text])}`;
}

/** Key of an intermediate summary of several partial summaries. */
export function combinedSummaryKey(model: string, length: SummaryLength, pieces: readonly SummaryPiece[]): string {
  const parts = pieces.flatMap((piece) => [piece.source, piece.text]);
  return `summary:combined:${hash(['combined', PROMPT_VERSION, model, length, ...parts])}`;
}

function hash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
