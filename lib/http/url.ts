import { FetchFailure } from './fetch-failure';

export const FETCHABLE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Parses an absolute URL (or one relative to `base`); garbage becomes FetchFailure InvalidUrl. */
export function parseUrl(url: string, base?: string | URL): URL {
  try {
    return new URL(url, base);
  } catch {
    throw new FetchFailure('InvalidUrl', `not a valid URL: ${JSON.stringify(truncate(url, 200))}`, { url });
  }
}

export interface NormalizeUrlOptions {
  /** Sort query parameters by name (stable, so repeated names keep their order). */
  sortQuery?: boolean;
}

/**
 * Canonical form used to deduplicate URLs: fragment dropped, scheme and host lowercased, default port removed,
 * empty path as '/', percent-escapes of unreserved characters decoded and all others uppercased, empty query dropped.
 */
export function normalizeUrl(url: string, opts: NormalizeUrlOptions = {}): string {
  const parsed = parseUrl(url);
  if (!FETCHABLE_PROTOCOLS.has(parsed.protocol)) {
    throw new FetchFailure('InvalidUrl', `only http and https URLs are supported, got ${parsed.protocol}`, { url });
  }
  parsed.hash = '';
  parsed.pathname = normalizePercentEncoding(parsed.pathname) || '/';
  const query = normalizePercentEncoding(parsed.search.slice(1));
  parsed.search = opts.sortQuery ? sortQuery(query) : query;
  return parsed.href;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

function normalizePercentEncoding(text: string): string {
  return text.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

function sortQuery(query: string): string {
  const pairs = query.split('&').filter((pair) => pair !== '');
  const nameOf = (pair: string) => pair.split('=', 1)[0];
  return pairs.sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0)).join('&');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
