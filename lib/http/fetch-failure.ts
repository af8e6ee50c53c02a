export type FetchFailureType =
  | 'BlockedAddress'
  | 'InvalidUrl'
  | 'HttpClientError'
  | 'HttpServerError'
  | 'RateLimited'
  | 'Timeout'
  | 'TooLarge'
  | 'TooManyRedirects'
  | 'UnsupportedContentType'
  | 'NetworkError'
  | 'Aborted';

export interface FetchFailureDetails {
  url: string;
  status?: number;
  retryAfterMs?: number;
  /** Overrides the default derived from type and status. */
  retryable?: boolean;
  cause?: unknown;
}

const ALWAYS_RETRYABLE: ReadonlySet<FetchFailureType> = new Set(['HttpServerError', 'RateLimited', 'Timeout', 'NetworkError']);
const RETRYABLE_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 429]);

export function isRetryableByDefault(type: FetchFailureType, status?: number): boolean {
  if (ALWAYS_RETRYABLE.has(type)) return true;
  return type === 'HttpClientError' && status !== undefined && RETRYABLE_CLIENT_STATUSES.has(status);
}

/** The one error type the HTTP layer throws; `type` and `retryable` drive the caller's retry policy. */
export class FetchFailure extends Error {
  readonly type: FetchFailureType;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly url: string;

  constructor(type: FetchFailureType, message: string, details: FetchFailureDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchFailure';
    this.type = type;
    this.url = details.url;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable ?? isRetryableByDefault(type, details.status);
  }
}

export function isFetchFailure(error: unknown, type?: FetchFailureType): error is FetchFailure {
  return error instanceof FetchFailure && (type === undefined || error.type === type);
}
