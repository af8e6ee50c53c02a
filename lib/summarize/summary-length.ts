import type { SummaryLength } from './types';

/** How many sentences a summary of each length aims for (extractive: exactly, LLM: roughly). */
export const TARGET_SENTENCES: Record<SummaryLength, number> = {
  short: 3,
  medium: 6,
  long: 12,
};
