import { ApplicationFailure } from '@temporalio/activity';

/** A failure the retry policy must not retry: bad input, 4xx, blocked address, validation. */
export function permanentFailure(type: string, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? undefined : [details] });
}

/** A transient failure; `retryAfterMs` (from a Retry-After answer) replaces the policy's next delay. */
export function transientFailure(type: string, message: string, retryAfterMs?: number): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: false, nextRetryDelay: retryAfterMs });
}
