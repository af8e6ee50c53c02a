import type { SummaryPage } from './types';

export const NO_TEXT_CONTENT = 'No text content found in the crawled pages.';

/**
 * Whitespace-normalised copies of the pages that have text: runs of spaces collapse, paragraph
 * breaks (blank lines) survive, control characters go. Pages left empty are dropped.
 */
export function pagesWithText(pages: readonly SummaryPage[]): SummaryPage[] {
  return pages
    .map((page) => ({ url: page.url, title: page.title?.trim() || null, text: normalizeText(page.text ?? '') }))
    .filter((page) => page.text.length > 0);
}

function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ') // all whitespace except newlines → one space (also drops tabs, NBSP)
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
