import type { MiddlewareHandler } from 'hono';
import { ApiError, errorResponse } from '../errors';
import { hasNoBody } from './conditional';

const NUL_IN_JSON = /\\u0000/i;
/** With the `u` flag a well-formed surrogate pair is one code point, so this matches only a lone (unpaired) half. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * PostgreSQL stores neither a NUL character nor a lone UTF-16 surrogate (`"\ud800"`) in text or JSON, so a request
 * carrying one (in the path, the query or a JSON string or key) could never be saved as sent: it is refused here,
 * once for every route, as the client's mistake, naming where it was found.
 */
export function rejectUnstorableText(): MiddlewareHandler {
  return async (c, next) => {
    if (urlHasNul(c.req.url)) return refuse(c, 'url', 'contains a NUL character (\\u0000)');
    if (!hasNoBody(c.req.method) && c.req.header('content-type')?.includes('json') && c.req.raw.body) {
      const text = await c.req.text();
      if (text.includes('\u0000') || NUL_IN_JSON.test(text)) return refuse(c, 'body', 'contains a NUL character (\\u0000)');
      if (text.includes('\\u')) {
        // c.req.json() keeps the parsed body for the route's validator, so it is parsed once.
        const path = loneSurrogatePath(await c.req.json().catch(() => undefined));
        if (path !== null) return refuse(c, path || 'body', 'contains a lone UTF-16 surrogate (ill-formed Unicode)');
      }
    }
    await next();
  };
}

function refuse(c: Parameters<MiddlewareHandler>[0], path: string, message: string) {
  return errorResponse(c, new ApiError(400, 'invalid_request', 'the request holds text that cannot be stored', [{ path, message }]));
}

/** The dotted path of the first string or key holding a lone surrogate, or null; iterative, so any depth is safe. */
export function loneSurrogatePath(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return path;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key)) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return null;
}

function urlHasNul(url: string): boolean {
  if (!url.includes('%')) return url.includes('\u0000');
  // Also %00 itself: one bad escape elsewhere (`?a=%00&b=%`) makes decodeURIComponent give up, yet hono decodes the rest.
  return url.includes('%00') || decodeURIComponentSafe(url).includes('\u0000');
}

function decodeURIComponentSafe(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
