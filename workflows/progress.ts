import { defineQuery } from '@temporalio/workflow';

export type ScrapePhase = 'starting' | 'crawling' | 'summarizing' | 'notifying' | 'completed' | 'failed' | 'cancelled';
export type ScrapeStep = 'start' | 'fetch' | 'parse' | 'validate' | 'summarize' | 'notify' | 'finish';

/** What the `progress` query answers while a scrape runs; the API's status endpoint shows it. */
export interface ScrapeProgress {
  phase: ScrapePhase;
  step: ScrapeStep | null;
  batch: number;
  pagesDiscovered: number;
  pagesFetched: number;
  pagesFailed: number;
  pagesSkipped: number;
  lastError: string | null;
}

export const progressQuery = defineQuery<ScrapeProgress>('progress');
