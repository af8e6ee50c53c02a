import type { ApiErrorBody, Scrape, ScrapeRequestBody, ScrapeStarted, Summary } from './api-types';
import { CliError, UsageError } from './errors';

/** How long one API call may take, connect to last byte. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface ApiClientOptions {
  /** The API's origin, e.g. `http://127.0.0.1:3000` (routes are under its `/v1`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set (TRAWL_API_KEY). */
  apiKey?: string;
  requestTimeoutMs?: number;
}

/** A call to the API failed: `status` is the HTTP status, or 0 when no answer came (unreachable, timeout). */
export class ApiRequestError extends CliError {
  constructor(message: string, readonly status: number, readonly code: string) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** Worth asking again: no answer, or a 5xx. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** The API base URL: `--api`, else TRAWL_API_URL, else `http://127.0.0.1:${PORT || 3000}`; trailing slashes dropped. */
export function resolveApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const candidate = flag ?? (env.TRAWL_API_URL || `http://127.0.0.1:${env.PORT || 3000}`);
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new UsageError(`the API URL ${JSON.stringify(candidate)} is not a URL (--api or TRAWL_API_URL, e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`the API URL must be http: or https:, got ${candidate}`);
  return url.href.replace(/\/+$/, '');
}

/** The Trawl HTTP API, one method per route the CLI uses; every call is bounded by `requestTimeoutMs`. */
export function createApiClient(options: ApiClientOptions) {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  async function call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const where = `${method} ${options.baseUrl}${path}`;
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw unreachable(where, error, timeoutMs);
    }
    const parsed = parseJson(text);
    if (status >= 200 && status < 300) return parsed as T;
    throw errorFromAnswer(where, status, parsed);
  }

  return {
    baseUrl: options.baseUrl,
    /** Any route, for commands that only relay the API's JSON (schedules). */
    request: call,
    startScrape: (request: ScrapeRequestBody) => call<ScrapeStarted>('POST', '/v1/scrapes', request),
    getScrape: (id: string) => call<Scrape>('GET', `/v1/scrapes/${encodeURIComponent(id)}`),
    /** The summary, or null when the scrape has none (`summary_not_ready`: still running, failed, or summaries off). */
    async getSummary(id: string): Promise<Summary | null> {
      try {
        return await call<Summary>('GET', `/v1/scrapes/${encodeURIComponent(id)}/summary`);
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'summary_not_ready') return null;
        throw error;
      }
    },
    /** Asks the workflow to stop; `already-ended` when the API answers 409 (it finished first). */
    async cancelScrape(id: string): Promise<'requested' | 'already-ended'> {
      try {
        await call('POST', `/v1/scrapes/${encodeURIComponent(id)}/cancel`);
        return 'requested';
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 409) return 'already-ended';
        throw error;
      }
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** The API's own words: `error.message`, then each `details` entry as `path: message`. */
function errorFromAnswer(where: string, status: number, body: unknown): ApiRequestError {
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  if (!error || typeof error.message !== 'string') {
    const excerpt = typeof body === 'string' ? `: ${body.slice(0, 200)}` : '';
    return new ApiRequestError(`${where} answered HTTP ${status}${excerpt}`, status, 'http_error');
  }
  const details = (error.details ?? []).map((detail) => `${detail.path}: ${detail.message}`);
  const hint = status === 401 ? ' — set TRAWL_API_KEY to an API key (trawl keys create --help)' : '';
  const message = `${error.message} (HTTP ${status} ${error.code})${details.length ? ` — ${details.join('; ')}` : ''}${hint}`;
  return new ApiRequestError(message, status, error.code);
}

function unreachable(where: string, error: unknown, timeoutMs: number): ApiRequestError {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new ApiRequestError(`${where} got no answer within ${timeoutMs / 1000} s`, 0, 'timeout');
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new ApiRequestError(`cannot reach the Trawl API (${where}: ${cause}); is it running? (npm start, or --api URL / TRAWL_API_URL)`, 0, 'unreachable');
}
