/**
 * Pages per fetch → parse → validate round. Each round adds 6–9 small history events, so a 1,000-page crawl stays
 * near 200 events: far below Temporal's limits, which is why the scrape never needs continue-as-new. Larger batches
 * mean fewer activities (less scheduling work per page) but more pages fetched again after a worker crash.
 */
export const PAGES_PER_BATCH = 50;

/** The batch size of runs started before PAGES_PER_BATCH became 50 (see CRAWL_BATCHES_PATCH). */
export const LEGACY_PAGES_PER_BATCH = 25;

/**
 * Batches fetching at once. Per-host politeness is enforced by the worker's throttle across all of them, not by this
 * number.
 */
export const PARALLEL_BATCHES = 4;

/** Batches fetching, parsing or validating at once: fetched batches wait for parsing without stalling new fetches. */
export const MAX_BATCHES_IN_FLIGHT = 8;

/** The fetch activity retries transient page failures this many times, then records them as failed. */
export const FETCH_MAX_ATTEMPTS = 5;

/** A model that still fails transiently on the last of these attempts is replaced by the extractive summary. */
export const SUMMARIZE_MAX_ATTEMPTS = 8;

/** Failure types that end an activity at once; also set as non-retryable on the failures themselves. */
export const NON_RETRYABLE_TYPES = [
  'InvalidInput', 'InvalidUrl', 'BlockedAddress', 'HttpClientError', 'TooLarge', 'TooManyRedirects',
  'UnsupportedContentType', 'RobotsDisallowed', 'ValidationFailed', 'SummarizerRejected', 'ScrapeNotFound',
];
