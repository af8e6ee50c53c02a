import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRequestError, createApiClient, resolveApiUrl } from '../../cli/api-client';
import type { Scrape, Summary } from '../../cli/api-types';
import { durationOption, integerOption } from '../../cli/args';
import { UsageError } from '../../cli/errors';
import { describeProgress, progressBar } from '../../cli/progress-line';
import { createProgressReporter } from '../../cli/progress-reporter';
import { summaryHeading } from '../../cli/scrape-report';

const scrape = (progress: Scrape['progress'], status: Scrape['status'] = 'running'): Scrape => ({
  id: 's1', workflowId: 'scrape-s1', runId: null, url: 'https://example.com/', scheduleId: null, status, progress, options: {},
  error: null, createdAt: '', startedAt: null, finishedAt: null, links: {},
});

describe('progress line', () => {
  it('shows phase, pages, failures, step, attempt and the last error on one line', () => {
    const line = describeProgress(scrape({
      phase: 'crawling', step: 'fetch', pagesDiscovered: 40, pagesFetched: 12, pagesFailed: 1, attempt: 2, lastError: 'HTTP 503 from\n https://example.com/x',
    }), { bar: true });
    expect(line).toBe('crawling [#######-------------] 12/40 pages fetched, 1 failed, step fetch (attempt 2), last error: HTTP 503 from https://example.com/x');
  });

  it('falls back to the status before the workflow reports progress', () => {
    expect(describeProgress(scrape({}, 'queued'))).toBe('queued 0/0 pages fetched, 0 failed');
  });

  it('bar stays within its bounds', () => {
    expect(progressBar(5, 0, 4)).toBe('[----]');
    expect(progressBar(9, 3, 4)).toBe('[####]');
  });
});

describe('progress reporter', () => {
  const sink = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 60, write: (text: string) => writes.push(text) > 0 } as never };
  };

  it('without a terminal prints a changed state at most once a second and an unchanged one every 10 s', () => {
    let now = 0;
    const { writes, stream } = sink(false);
    const reporter = createProgressReporter(stream, () => now);
    const fetched = (n: number) => scrape({ phase: 'crawling', pagesFetched: n, pagesDiscovered: 10 });
    reporter.update(fetched(1));
    now = 500; reporter.update(fetched(2)); // too soon
    now = 1_000; reporter.update(fetched(2));
    now = 5_000; reporter.update(fetched(2)); // unchanged
    now = 11_000; reporter.update(fetched(2)); // unchanged, but 10 s later
    expect(writes).toEqual([
      '[0.0s] crawling 1/10 pages fetched, 0 failed\n',
      '[1.0s] crawling 2/10 pages fetched, 0 failed\n',
      '[11.0s] crawling 2/10 pages fetched, 0 failed\n',
    ]);
  });

  it('on a terminal redraws one line, cut to the width, and ends it on finish', () => {
    const { writes, stream } = sink(true);
    const reporter = createProgressReporter(stream, () => 0);
    reporter.update(scrape({ phase: 'crawling', pagesFetched: 1, pagesDiscovered: 2, lastError: 'x'.repeat(200) }));
    reporter.finish();
    expect(writes[0].startsWith('\r\x1b[2K[0.0s] crawling [##########----------] 1/2')).toBe(true);
    expect(writes[0].length).toBe('\r\x1b[2K'.length + 59);
    expect(writes[1]).toBe('\n');
  });
});

describe('summary heading', () => {
  const summary = (fields: Partial<Summary>): Summary => ({
    scrapeId: 's1', text: '…', method: 'extractive', model: null, pages: 3, truncated: false, note: null, createdAt: '', ...fields,
  });

  it('says plainly when the summary is local and extractive', () => {
    expect(summaryHeading(summary({ note: 'no OPENAI_API_KEY: local extractive summary' })))
      .toBe('Summary (local extractive summary: sentences picked from the pages by Trawl, not written by a model; 3 pages; no OPENAI_API_KEY: local extractive summary):');
  });

  it('names the model otherwise', () => {
    expect(summaryHeading(summary({ method: 'llm', model: 'gpt-4o-mini', pages: 1, truncated: true })))
      .toBe('Summary (written by the model gpt-4o-mini; 1 page; input truncated to fit the model):');
  });
});

describe('command-line values', () => {
  it('parses durations, a bare number being seconds', () => {
    expect(durationOption('timeout', '500ms')).toBe(500);
    expect(durationOption('timeout', '90')).toBe(90_000);
    expect(durationOption('timeout', '30m')).toBe(1_800_000);
    expect(durationOption('timeout', '1h')).toBe(3_600_000);
    expect(() => durationOption('timeout', '0s')).toThrow(UsageError);
    expect(() => durationOption('timeout', '-5m')).toThrow(UsageError);
  });

  it('parses whole numbers with a minimum', () => {
    expect(integerOption('max-pages', '5', 1)).toBe(5);
    expect(() => integerOption('max-pages', '0', 1)).toThrow('--max-pages must be a whole number of at least 1, got "0"');
    expect(() => integerOption('max-depth', '1.5')).toThrow(UsageError);
  });

  it('resolves the API URL from --api, TRAWL_API_URL, then PORT', () => {
    expect(resolveApiUrl('http://api.test:8080/', { TRAWL_API_URL: 'http://other' })).toBe('http://api.test:8080');
    expect(resolveApiUrl(undefined, { TRAWL_API_URL: 'https://trawl.example.com' })).toBe('https://trawl.example.com');
    expect(resolveApiUrl(undefined, { PORT: '4000' })).toBe('http://127.0.0.1:4000');
    expect(resolveApiUrl(undefined, {})).toBe('http://127.0.0.1:3000');
  });
});

describe('API client', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method?: string; url?: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      if (req.url === '/v1/scrapes/slow') return; // never answers
      if (req.url === '/v1/scrapes/html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<h1>Bad gateway</h1>');
      }
      if (req.url === '/v1/scrapes/done/cancel') {
        res.writeHead(409, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { code: 'not_cancellable', message: 'scrape done has already ended (status: completed)' } }));
      }
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'invalid_request', message: 'the scrape request cannot be run', details: [{ path: 'url', message: 'scheme file: is not allowed' }, { path: 'maxPages', message: 'too big' }] } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("turns an error answer into the API's message with every detail, and sends the API key", async () => {
    const client = createApiClient({ baseUrl, apiKey: 'k-123' });
    const error = await client.startScrape({ url: 'file:///etc/passwd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe('the scrape request cannot be run (HTTP 400 invalid_request) — url: scheme file: is not allowed; maxPages: too big');
    expect((error as ApiRequestError).transient).toBe(false);
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/v1/scrapes', authorization: 'Bearer k-123' });
  });

  it('sends no Authorization header without a key', async () => {
    await createApiClient({ baseUrl }).getScrape('x').catch(() => {});
    expect(seen.at(-1)?.authorization).toBeUndefined();
  });

  it('reports a non-JSON answer by status, as transient when 5xx', async () => {
    const error = await createApiClient({ baseUrl }).getScrape('html').catch((e: unknown) => e) as ApiRequestError;
    expect(error.message).toBe(`GET ${baseUrl}/v1/scrapes/html answered HTTP 502: <h1>Bad gateway</h1>`);
    expect(error.transient).toBe(true);
  });

  it('bounds every call in time', async () => {
    const error = await createApiClient({ baseUrl, requestTimeoutMs: 200 }).getScrape('slow').catch((e: unknown) => e) as ApiRequestError;
    expect(error.message).toBe(`GET ${baseUrl}/v1/scrapes/slow got no answer within 0.2 s`);
    expect(error.status).toBe(0);
  });

  it('treats 409 on cancel as "already ended"', async () => {
    expect(await createApiClient({ baseUrl }).cancelScrape('done')).toBe('already-ended');
  });
});
