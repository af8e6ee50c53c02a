import type { Dispatcher } from 'undici';
import { createAddressPolicy } from './address-policy';
import { discardBody, readBody } from './body';
import { decodeBody } from './charset';
import { DEFAULT_ACCEPT_CONTENT_TYPES, isAcceptedMimeType, looksBinary, parseContentType, type ContentType } from './content-type';
import { createDeadline, type Deadline } from './deadline';
import { toFetchFailure } from './failure-mapping';
import { FetchFailure } from './fetch-failure';
import { createPinnedPools } from './pinned-pools';
import { resolveHost, systemResolve, type ResolveHostname } from './resolver';
import { parseRetryAfter } from './retry-after';
import { parseUrl } from './url';

export interface FetcherOptions {
  userAgent: string;
  /** Bounds the DNS lookup and, separately, the TCP/TLS connect. */
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Deadline for the whole body, so slow-drip and endless chunked bodies end too. */
  bodyTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** Hostnames, IPs or CIDRs that may be fetched although private, on any port (TRAWL_ALLOWED_HOSTS). */
  allowedHosts: string[];
  /** Ports allowed besides 80 and 443. */
  allowedPorts?: number[];
  acceptContentTypes?: string[];
  /** DNS hook; defaults to dns.promises.lookup with all: true. */
  resolve?: ResolveHostname;
  /** Cap on retryAfterMs; default 10 minutes. */
  maxRetryAfterMs?: number;
}

export interface FetchRequest {
  signal?: AbortSignal;
  /** Content types accepted for this request instead of the fetcher's (e.g. gzip sitemaps). */
  accept?: readonly string[];
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchedResponse {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  /** Lowercased type/subtype without parameters, null when the server sent none. */
  contentType: string | null;
  /** Decoded bytes, decompressed. */
  body: Buffer;
  /** The body as the server gzip-compressed it, when gzip was its only coding (see readBody). */
  gzip: Buffer | null;
  text: string;
  charset: string;
  /** Every redirect target followed, in order; the last one is finalUrl. */
  redirects: string[];
  notModified: boolean;
}

export interface PostRequest {
  body: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export interface Fetcher {
  fetch(url: string, request?: FetchRequest): Promise<FetchedResponse>;
  /** POSTs a small body (a webhook) through the same address guard; redirects are not followed. */
  post(url: string, request: PostRequest): Promise<{ status: number }>;
  close(): Promise<void>;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60_000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type HopResponse = Dispatcher.ResponseData;

export function createFetcher(options: FetcherOptions): Fetcher {
  validateOptions(options);
  const policy = createAddressPolicy(options.allowedHosts, options.allowedPorts);
  const resolve = options.resolve ?? systemResolve;
  const accepted = options.acceptContentTypes ?? DEFAULT_ACCEPT_CONTENT_TYPES;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const pools = createPinnedPools(options);
  let closed = false;

  /** Resolves once, checks every address, and returns the one the connection will be pinned to. */
  async function guard(url: URL, deadline: Deadline, requestedUrl: string, redirected: boolean): Promise<string> {
    const preflight = policy.preflight(url);
    if (!preflight.ok) throw blocked(url, preflight.reason, requestedUrl, redirected);
    deadline.arm('DNS lookup', options.connectTimeoutMs);
    let addresses: string[];
    try {
      addresses = await resolveHost(url.hostname, resolve, deadline.signal);
    } catch (error) {
      if (deadline.signal.aborted) throw error; // timeout or caller abort, mapped by the caller
      const message = error instanceof Error ? error.message : String(error);
      throw new FetchFailure('NetworkError', `DNS lookup of ${url.hostname} failed: ${message}`, { url: requestedUrl, cause: error });
    }
    if (addresses.length === 0) throw new FetchFailure('NetworkError', `DNS lookup of ${url.hostname} returned no address`, { url: requestedUrl });
    if (!preflight.trusted) {
      const verdict = policy.checkResolved(url, addresses);
      if (!verdict.ok) throw blocked(url, verdict.reason, requestedUrl, redirected);
    }
    return addresses[0];
  }

  async function sendHop(url: URL, address: string, request: FetchRequest, deadline: Deadline): Promise<HopResponse> {
    deadline.arm('connect and response headers', options.connectTimeoutMs + options.headersTimeoutMs);
    const headers: Record<string, string> = {
      'user-agent': options.userAgent,
      accept: (request.accept ?? accepted).join(', '),
      'accept-encoding': 'gzip, deflate, br',
    };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    return pools.poolFor(url.origin, address).request({
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      signal: deadline.signal,
    });
  }

  async function finish(requestedUrl: string, url: URL, response: HopResponse, redirects: string[], deadline: Deadline, accept: readonly string[]): Promise<FetchedResponse> {
    const headers = flattenHeaders(response.headers);
    const base = { url: requestedUrl, finalUrl: url.href, status: response.statusCode, headers, redirects };
    const contentType = parseContentType(headers['content-type']);

    if (response.statusCode === 304) {
      discardBody(response.body);
      return { ...base, contentType: contentType?.mimeType ?? null, body: Buffer.alloc(0), gzip: null, text: '', charset: 'utf-8', notModified: true };
    }
    const refusal = refusalBeforeReading(requestedUrl, url, response.statusCode, headers, contentType, accept);
    if (refusal) {
      discardBody(response.body);
      throw refusal;
    }

    deadline.arm('body', options.bodyTimeoutMs);
    const { body, gzip } = await readBody(response.body, {
      url: requestedUrl,
      contentEncoding: headers['content-encoding'] ?? null,
      maxBytes: options.maxBodyBytes,
      signal: deadline.signal,
    });
    if (!contentType && looksBinary(body)) {
      throw new FetchFailure('UnsupportedContentType', `response without content-type looks binary (${url.href})`, { url: requestedUrl, status: response.statusCode });
    }
    const { text, charset } = decodeBody(body, contentType?.charset ?? null);
    return { ...base, contentType: contentType?.mimeType ?? null, body, gzip, text, charset, notModified: false };
  }

  /** Everything decidable from the status line and headers, so a body we do not want is never read. */
  function refusalBeforeReading(
    requestedUrl: string,
    url: URL,
    status: number,
    headers: Record<string, string>,
    contentType: ContentType | null,
    accept: readonly string[],
  ): FetchFailure | null {
    if (status < 200 || status > 299) return statusFailure(requestedUrl, url, status, headers);
    if (contentType && !isAcceptedMimeType(contentType.mimeType, accept)) {
      return new FetchFailure('UnsupportedContentType', `content-type ${contentType.mimeType} is not accepted (${url.href})`, { url: requestedUrl, status });
    }
    const declaredLength = Number(headers['content-length']);
    if (declaredLength > options.maxBodyBytes) {
      return new FetchFailure('TooLarge', `content-length ${declaredLength} exceeds ${options.maxBodyBytes} bytes (${url.href})`, { url: requestedUrl, status });
    }
    return null;
  }

  function statusFailure(requestedUrl: string, url: URL, status: number, headers: Record<string, string>): FetchFailure {
    const parsed = parseRetryAfter(headers['retry-after']);
    const retryAfterMs = parsed === undefined ? undefined : Math.min(parsed, maxRetryAfterMs);
    const details = { url: requestedUrl, status, retryAfterMs };
    if (status === 429) return new FetchFailure('RateLimited', `HTTP 429 from ${url.href}`, details);
    if (status >= 500) return new FetchFailure('HttpServerError', `HTTP ${status} from ${url.href}`, details);
    return new FetchFailure('HttpClientError', `HTTP ${status} from ${url.href}`, details);
  }

  async function fetchUrl(requestedUrl: string, request: FetchRequest = {}): Promise<FetchedResponse> {
    let url = parseUrl(requestedUrl);
    const redirects: string[] = [];
    for (;;) {
      if (closed) throw new FetchFailure('Aborted', 'fetcher is closed', { url: requestedUrl });
      if (request.signal?.aborted) throw new FetchFailure('Aborted', 'fetch aborted by caller', { url: requestedUrl, cause: request.signal.reason });
      const deadline = createDeadline(request.signal);
      try {
        const address = await guard(url, deadline, requestedUrl, redirects.length > 0);
        const response = await sendHop(url, address, request, deadline);
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(response.statusCode) && typeof location === 'string' && location !== '') {
          discardBody(response.body);
          if (redirects.length >= options.maxRedirects) {
            throw new FetchFailure('TooManyRedirects', `more than ${options.maxRedirects} redirects (last ${url.href})`, { url: requestedUrl, status: response.statusCode });
          }
          url = parseUrl(location, url);
          url.hash = '';
          redirects.push(url.href);
          continue;
        }
        return await finish(requestedUrl, url, response, redirects, deadline, request.accept ?? accepted);
      } catch (error) {
        throw toFetchFailure(error, requestedUrl, deadline, request.signal);
      } finally {
        deadline.dispose();
      }
    }
  }

  async function post(targetUrl: string, request: PostRequest): Promise<{ status: number }> {
    const url = parseUrl(targetUrl);
    const deadline = createDeadline(request.signal);
    try {
      const address = await guard(url, deadline, targetUrl, false);
      deadline.arm('connect and response headers', options.connectTimeoutMs + options.headersTimeoutMs);
      const response = await pools.poolFor(url.origin, address).request({
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { 'user-agent': options.userAgent, ...request.headers },
        body: request.body,
        signal: deadline.signal,
      });
      discardBody(response.body);
      return { status: response.statusCode };
    } catch (error) {
      throw toFetchFailure(error, targetUrl, deadline, request.signal);
    } finally {
      deadline.dispose();
    }
  }

  return {
    fetch: fetchUrl,
    post,
    async close() {
      closed = true;
      await pools.close();
    },
  };
}

function blocked(url: URL, reason: string, requestedUrl: string, redirected: boolean): FetchFailure {
  const hop = redirected ? ` (redirected to ${url.href})` : '';
  return new FetchFailure('BlockedAddress', `blocked: ${reason}${hop}`, { url: requestedUrl });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function validateOptions(options: FetcherOptions): void {
  const positive = ['connectTimeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs', 'maxBodyBytes'] as const;
  for (const name of positive) {
    if (!Number.isFinite(options[name]) || options[name] <= 0) throw new TypeError(`fetcher option ${name} must be a positive number`);
  }
  if (!Number.isInteger(options.maxRedirects) || options.maxRedirects < 0) throw new TypeError('fetcher option maxRedirects must be a non-negative integer');
  if (!options.userAgent) throw new TypeError('fetcher option userAgent is required');
}
