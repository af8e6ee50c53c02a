import type { ActivityDeps } from '../activities';
import { createExtractionPool } from '../activities/extraction-pool';
import type { Database } from '../db/client';
import { splitList, type Config } from '../lib/config';
import { fetcherOptionsFromConfig } from '../lib/fetcher-options';
import { createCircuitBreaker, createFetcher, createHostThrottle, createRobotsCache, type FetcherOptions } from '../lib/http';
import { createSummarizer } from '../lib/summarize';

/** Builds the activities' dependencies from the configuration; `overrides` lets tests point them at local servers. */
export function createActivityDeps(config: Config, db: Database, overrides: { resolve?: FetcherOptions['resolve'] } = {}): ActivityDeps & { close(): Promise<void> } {
  const fetcher = createFetcher(fetcherOptionsFromConfig(config, overrides));
  const extractionPool = createExtractionPool(config.TRAWL_EXTRACTION_THREADS);
  const summarizerConfig = {
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxInputTokens: config.SUMMARY_MAX_INPUT_TOKENS,
  };
  return {
    db,
    fetcher,
    throttle: createHostThrottle({ maxConcurrency: config.TRAWL_HOST_CONCURRENCY, minDelayMs: config.TRAWL_HOST_DELAY_MS }),
    robots: createRobotsCache({ fetcher, ttlMs: config.TRAWL_ROBOTS_TTL_MS, userAgent: config.TRAWL_USER_AGENT }),
    breaker: createCircuitBreaker({ failureThreshold: config.TRAWL_BREAKER_THRESHOLD, coolDownMs: config.TRAWL_BREAKER_COOLDOWN_MS }),
    cacheTtlMs: config.TRAWL_CACHE_TTL_MS,
    ignoreRobotsHosts: splitList(config.TRAWL_IGNORE_ROBOTS_HOSTS),
    extractionPool,
    summarizer: createSummarizer(summarizerConfig),
    extractiveSummarizer: createSummarizer({ ...summarizerConfig, apiKey: undefined }),
    webhookTimeoutMs: config.TRAWL_WEBHOOK_TIMEOUT_MS,
    close: async () => {
      await Promise.all([fetcher.close(), extractionPool.close()]);
    },
  };
}
