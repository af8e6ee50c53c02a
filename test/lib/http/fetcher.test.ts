import { describe, expect, it } from 'vitest';
import { FetchFailure } from '../../../lib/http';
import type { Handler } from '../../fixtures/hostile-server';
import { expectFailure, serverAndFetcherPerTest, TEST_LIMITS, tableResolver, testFetcher } from './helpers';

const current = serverAndFetcherPerTest();
const { serve } = current;

const ETAG = '"v1-abc"';
const LAST_MODIFIED = 'Wed, 21 Oct 2015 07:28:00 GMT';

describe('conditional requests', () => {
  const conditional: Handler = (req, res) => {
    const fresh = req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED;
    if (fresh) res.writeHead(304, { etag: ETAG }).end();
    else res.writeHead(200, { 'content-type': 'text/html', etag: ETAG, 'last-modified': LAST_MODIFIED }).end('<p>fresh copy</p>');
  };

  it('returns the page with its validators on a plain request', async () => {
    await serve(conditional);
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/page`);
    expect(response.notModified).toBe(false);
    expect(response.headers.etag).toBe(ETAG);
    expect(response.headers['last-modified']).toBe(LAST_MODIFIED);
  });

  it.each([
    ['etag', { etag: ETAG }, 'if-none-match', ETAG],
    ['last-modified', { lastModified: LAST_MODIFIED }, 'if-modified-since', LAST_MODIFIED],
  ])('sends %s and resolves a 304 as notModified with an empty body', async (_name, request, header, value) => {
    await serve(conditional);
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/page`, request);
    expect(current.server!.requests[0].headers[header]).toBe(value);
    expect(response).toMatchObject({ status: 304, notModified: true, text: '' });
    expect(response.body.length).toBe(0);
  });
});

describe('status codes', () => {
  it.each([
    [404, 'HttpClientError', false],
    [410, 'HttpClientError', false],
    [408, 'HttpClientError', true],
    [429, 'RateLimited', true],
    [500, 'HttpServerError', true],
    [503, 'HttpServerError', true],
  ] as const)('maps HTTP %i to %s (retryable: %s)', async (status, type, retryable) => {
    await serve((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('nope'));
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), type);
    expect(failure).toMatchObject({ status, retryable, url: `${current.server!.origin}/` });
  });

  it('reads Retry-After seconds on a 429', async () => {
    await serve((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'RateLimited');
    expect(failure.retryAfterMs).toBe(120_000);
  });

  it('reads a Retry-After HTTP-date on a 503', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    await serve((_req, res) => res.writeHead(503, { 'retry-after': at }).end());
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'HttpServerError');
    expect(failure.retryAfterMs).toBeGreaterThan(85_000);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('caps Retry-After at maxRetryAfterMs', async () => {
    await serve((_req, res) => res.writeHead(429, { 'retry-after': '86400' }).end());
    current.fetcher = testFetcher({ maxRetryAfterMs: 60_000 });
    expect((await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'RateLimited')).retryAfterMs).toBe(60_000);
  });

  it('leaves retryAfterMs unset for an unparsable Retry-After', async () => {
    await serve((_req, res) => res.writeHead(503, { 'retry-after': 'soon-ish' }).end());
    current.fetcher = testFetcher();
    expect((await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'HttpServerError')).retryAfterMs).toBeUndefined();
  });
});

describe('content types', () => {
  it.each(['image/png', 'application/pdf', 'application/octet-stream', 'video/mp4'])('rejects %s without reading it', async (type) => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': type }).end(Buffer.alloc(10)));
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch(`${current.server!.origin}/file`), 'UnsupportedContentType', new RegExp(type.replace('/', '\\/')));
    expect(failure.retryable).toBe(false);
  });

  it('accepts the default types with parameters and any case', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'Application/LD+JSON; charset=UTF-8' }).end('{"a":1}'));
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/`);
    expect(response.contentType).toBe('application/ld+json');
    expect(JSON.parse(response.text)).toEqual({ a: 1 });
  });

  it('honours a custom acceptContentTypes list with wildcards', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b'));
    current.fetcher = testFetcher({ acceptContentTypes: ['text/*'] });
    expect((await current.fetcher.fetch(`${current.server!.origin}/`)).text).toBe('a,b');
  });

  it('accepts a response without content-type unless it looks binary', async () => {
    await serve((req, res) => res.end(req.url === '/binary' ? Buffer.from([0x89, 0x50, 0x00, 0x01]) : '<p>untyped</p>'));
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/text`);
    expect(response).toMatchObject({ contentType: null, text: '<p>untyped</p>' });
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/binary`), 'UnsupportedContentType', /looks binary/);
  });
});

describe('redirects', () => {
  it('follows absolute and relative redirects, recording every hop', async () => {
    await serve((req, res) => {
      if (req.url === '/start') res.writeHead(301, { location: `${current.server!.origin}/middle` }).end();
      else if (req.url === '/middle') res.writeHead(302, { location: 'end?x=1#frag' }).end();
      else if (req.url === '/end?x=1') res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
      else res.writeHead(404).end();
    });
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/start`);
    expect(response).toMatchObject({
      url: `${current.server!.origin}/start`,
      finalUrl: `${current.server!.origin}/end?x=1`,
      status: 200,
      text: 'done',
      redirects: [`${current.server!.origin}/middle`, `${current.server!.origin}/end?x=1`],
    });
  });

  it('follows a redirect to another host through the resolver', async () => {
    await serve((req, res) => {
      if (req.headers.host?.startsWith('a.test')) res.writeHead(308, { location: `http://b.test:${current.server!.port}/landing` }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`on ${req.headers.host}`);
    });
    const names = tableResolver({ 'a.test': ['127.0.0.1'], 'b.test': ['127.0.0.1'] });
    current.fetcher = testFetcher({ resolve: names.resolve });
    const response = await current.fetcher.fetch(`http://a.test:${current.server!.port}/`);
    expect(response.text).toBe(`on b.test:${current.server!.port}`);
    expect(names.calls).toEqual(['a.test', 'b.test']);
  });

  it('treats a redirect without Location as a client error', async () => {
    await serve((_req, res) => res.writeHead(302).end());
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'HttpClientError', /HTTP 302/);
  });

  it('fails an unparsable Location as InvalidUrl', async () => {
    await serve((_req, res) => res.writeHead(302, { location: 'http://[broken' }).end());
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'InvalidUrl');
  });
});

describe('requests', () => {
  it('identifies itself and reuses a kept-alive connection', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    current.fetcher = testFetcher();
    await current.fetcher.fetch(`${current.server!.origin}/1`);
    await new Promise((resolve) => setTimeout(resolve, 20)); // undici frees the socket just after the body ends
    await current.fetcher.fetch(`${current.server!.origin}/2`);
    expect(current.server!.requests[0].headers['user-agent']).toBe(TEST_LIMITS.userAgent);
    expect(current.server!.requests[0].headers.accept).toContain('text/html');
    expect(current.server!.connections).toBe(1);
  });

  it('fails garbage as InvalidUrl without touching the network', async () => {
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch('not a url'), 'InvalidUrl');
    expect(failure.retryable).toBe(false);
  });

  it('reports an unknown name as a NetworkError', async () => {
    current.fetcher = testFetcher({ resolve: tableResolver({}).resolve });
    await expectFailure(current.fetcher.fetch('http://nowhere.test/'), 'NetworkError', /DNS lookup of nowhere\.test failed/);
  });

  it('aborts when the caller aborts, mid-body', async () => {
    await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>');
    });
    current.fetcher = testFetcher();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const failure = await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`, { signal: controller.signal }), 'Aborted');
    expect(failure.retryable).toBe(false);
  });

  it('aborts at once with an already aborted signal', async () => {
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch('http://127.0.0.1:1/', { signal: AbortSignal.abort() }), 'Aborted');
  });

  it('refuses to fetch after close', async () => {
    current.fetcher = testFetcher();
    await current.fetcher.close();
    await expectFailure(current.fetcher.fetch('http://127.0.0.1:1/'), 'Aborted', /closed/);
  });

  it('validates its options', () => {
    expect(() => testFetcher({ maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    expect(() => testFetcher({ maxRedirects: -1 })).toThrow(/maxRedirects/);
  });

  it('keeps FetchFailure constructible by callers with an explicit retryable', () => {
    const failure = new FetchFailure('NetworkError', 'boom', { url: 'http://x/', retryable: false });
    expect(failure).toMatchObject({ name: 'FetchFailure', type: 'NetworkError', retryable: false, url: 'http://x/' });
    expect(failure).toBeInstanceOf(Error);
  });
});
