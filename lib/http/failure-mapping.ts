import { FetchFailure } from './fetch-failure';
import type { Deadline } from './deadline';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const TOO_LARGE_CODES = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_EXCEEDED_MAX_SIZE']);
const CLOSED_CODES = new Set(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED']);

/**
 * Turns whatever a hop threw into a FetchFailure. The caller's abort wins over a deadline, a deadline over the
 * transport error it caused (an aborted socket reports itself as "aborted", not as the timeout behind it).
 */
export function toFetchFailure(error: unknown, url: string, deadline: Deadline, callerSignal?: AbortSignal): FetchFailure {
  if (error instanceof FetchFailure) return error;
  if (callerSignal?.aborted) return new FetchFailure('Aborted', 'fetch aborted by caller', { url, cause: callerSignal.reason });
  const { timedOut } = deadline;
  if (timedOut) return new FetchFailure('Timeout', `${timedOut.phase} timed out after ${timedOut.timeoutMs} ms`, { url, cause: error });

  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && TIMEOUT_CODES.has(code)) return new FetchFailure('Timeout', message, { url, cause: error });
  if (code && TOO_LARGE_CODES.has(code)) return new FetchFailure('TooLarge', message, { url, cause: error });
  if (code && CLOSED_CODES.has(code)) return new FetchFailure('Aborted', `fetcher closed: ${message}`, { url, cause: error });
  if (code && /CERT|ERR_TLS_CERT/.test(code)) {
    // The same certificate will be presented on every retry.
    return new FetchFailure('NetworkError', `TLS certificate rejected: ${message}`, { url, cause: error, retryable: false });
  }
  if (code?.startsWith('Z_') || code?.startsWith('ERR_BROTLI') || code?.startsWith('ERR__ERROR_FORMAT')) {
    return new FetchFailure('NetworkError', `could not decompress body: ${message}`, { url, cause: error });
  }
  return new FetchFailure('NetworkError', code && !message.includes(code) ? `${code}: ${message}` : message, { url, cause: error });
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
