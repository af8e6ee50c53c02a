import type { Scrape } from './api-types';

/** A text progress bar, `[#####-----]`, `width` cells inside the brackets. */
export function progressBar(done: number, total: number, width = 20): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Everything worth showing about a live scrape, in one line: phase, pages, current step, attempt, last error. */
export function describeProgress(scrape: Scrape, { bar = false } = {}): string {
  const progress = scrape.progress;
  const phase = progress.phase ?? scrape.status;
  const fetched = progress.pagesFetched ?? 0;
  const failed = progress.pagesFailed ?? 0;
  const discovered = Math.max(progress.pagesDiscovered ?? 0, fetched + failed);
  const parts = [
    `${phase}${bar ? ` ${progressBar(fetched + failed, discovered)}` : ''} ${fetched}/${discovered} pages fetched`,
    `${failed} failed`,
  ];
  if (progress.step) parts.push(`step ${progress.step}${progress.attempt && progress.attempt > 1 ? ` (attempt ${progress.attempt})` : ''}`);
  if (progress.lastError) parts.push(`last error: ${oneLine(progress.lastError)}`);
  return parts.join(', ');
}

/** `12.3s`, `4m05s`: time since `startedAt` (ms since epoch). */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** Collapses newlines and runs of spaces, so an error message fits on the progress line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to `width` characters, marking the cut with `…`. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
