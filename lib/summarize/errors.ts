import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

export type SummarizerFailureType =
  | 'SummarizerRateLimited'
  | 'SummarizerUnavailable'
  | 'SummarizerRejected'
  | 'SummarizerTimeout';

export interface SummarizerFailureDetails {
  /** Defaults to true for every type except SummarizerRejected. */
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
}

/**
 * A model call that failed in a way the caller should know about. `type` is meant to become the
 * Temporal ApplicationFailure type; `retryable: false` means retrying the same request cannot help.
 * The message never contains the API key.
 */
export class SummarizerFailure extends Error {
  readonly type: SummarizerFailureType;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(type: SummarizerFailureType, message: string, details: SummarizerFailureDetails = {}) {
    super(message);
    this.name = 'SummarizerFailure';
    this.type = type;
    this.retryable = details.retryable ?? type !== 'SummarizerRejected';
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.status !== undefined) this.status = details.status;
  }
}

/**
 * Reads `retry-after-ms` (milliseconds, OpenAI's non-standard header) or `Retry-After`
 * (seconds or an HTTP date). Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds);

  const retryAfter = headers?.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const OPENAI_STYLE_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g;

/** Servers sometimes echo the key they were given ("Incorrect API key provided: …"). */
export function redactSecret(message: string, secret: string | undefined): string {
  const withoutSecret = secret ? message.split(secret).join('[redacted]') : message;
  return withoutSecret.replace(OPENAI_STYLE_KEY, '[redacted]');
}

/**
 * Maps an error thrown by the `openai` client to a SummarizerFailure. Anything else (a bug, a
 * caller abort) is returned unchanged so it surfaces as it is.
 */
export function toSummarizerFailure(error: unknown, apiKey: string | undefined): unknown {
  if (!(error instanceof APIError)) return error;
  const serverMessage = redactSecret(error.message, apiKey);

  if (error instanceof APIConnectionTimeoutError) {
    return new SummarizerFailure('SummarizerTimeout', 'model server did not answer within the timeout');
  }
  if (error instanceof APIConnectionError) {
    return new SummarizerFailure('SummarizerUnavailable', `could not reach the model server: ${serverMessage}`);
  }

  const status = error.status;
  if (status === undefined) {
    return new SummarizerFailure('SummarizerUnavailable', `model server error: ${serverMessage}`);
  }
  if (status === 429 && error.code === 'insufficient_quota') {
    // OpenAI answers 429 when the account is out of credit; waiting does not fix that.
    return new SummarizerFailure('SummarizerRejected', `model server refused: ${serverMessage}`, { status });
  }
  if (status === 429) {
    return new SummarizerFailure('SummarizerRateLimited', `model server rate-limited the request: ${serverMessage}`, {
      status,
      retryAfterMs: parseRetryAfterMs(error.headers),
    });
  }
  if (status === 408) {
    return new SummarizerFailure('SummarizerTimeout', `model server timed out: ${serverMessage}`, { status });
  }
  if (status >= 500 || status === 409) {
    return new SummarizerFailure('SummarizerUnavailable', `model server error: ${serverMessage}`, { status });
  }
  return new SummarizerFailure('SummarizerRejected', `model server rejected the request: ${serverMessage}`, { status });
}
