import { splitList, type Config } from './config';
import type { FetcherOptions } from './http';

/** The guarded fetcher's options from the environment (SSRF guard, timeouts, size limits): worker and CLI alike. */
export function fetcherOptionsFromConfig(config: Config, overrides: Pick<FetcherOptions, 'resolve'> = {}): FetcherOptions {
  return {
    userAgent: config.TRAWL_USER_AGENT,
    connectTimeoutMs: config.TRAWL_FETCH_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: config.TRAWL_FETCH_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.TRAWL_FETCH_BODY_TIMEOUT_MS,
    maxBodyBytes: config.TRAWL_FETCH_MAX_BODY_BYTES,
    maxRedirects: config.TRAWL_FETCH_MAX_REDIRECTS,
    allowedHosts: splitList(config.TRAWL_ALLOWED_HOSTS),
    allowedPorts: splitList(config.TRAWL_ALLOWED_PORTS).map(Number),
    resolve: overrides.resolve,
  };
}
