import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { pages } from '../../db/schema';
import { startFixtureSite } from '../fixtures/site';
import { json, startPipeline, waitFor, type Pipeline } from '../support/pipeline';

let pipeline: Pipeline;
const CACHE_TTL_MS = 3_000;
const COOL_DOWN_MS = 1_500;
const HOST_DELAY_MS = 60;

beforeAll(async () => {
  pipeline = await startPipeline({
    taskQueue: 'test-polite-fetching',
    env: {
      TRAWL_HOST_CONCURRENCY: '2', TRAWL_HOST_DELAY_MS: String(HOST_DELAY_MS), TRAWL_CACHE_TTL_MS: String(CACHE_TTL_MS),
      TRAWL_BREAKER_THRESHOLD: '5', TRAWL_BREAKER_COOLDOWN_MS: String(COOL_DOWN_MS),
    },
  });
});
afterAll(() => pipeline?.close());

const post = (body: unknown) => json(pipeline.app.request('/v1/scrapes', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
const finished = (id: string, timeoutMs = 30_000) => waitFor(async () => {
  const { body } = await json(pipeline.app.request(`/v1/scrapes/${id}`));
  return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
}, { timeoutMs, what: `scrape ${id}` });

describe('fetching that sites can trust, through the whole pipeline', () => {
  it('never requests a path robots.txt disallows; records it as skipped with the reason; reads robots.txt once', async () => {
    const site = await startFixtureSite({ pages: 4, robotsTxt: 'User-agent: *\nDisallow: /p/2\n' });
    try {
      for (const round of [1, 2]) {
        const { body } = await post({ url: site.url('/'), maxPages: 10, maxDepth: 1, summarize: { enabled: false } });
        const done = await finished(body.id);
        expect(done.status, `round ${round}`).toBe('completed');
        expect(done.progress.pagesSkipped).toBe(1);
        const [skipped] = await pipeline.database.db.select().from(pages).where(and(eq(pages.scrapeId, body.id), eq(pages.url, site.url('/p/2'))));
        expect(skipped).toMatchObject({ status: 'skipped', error: { type: 'RobotsDisallowed' } });
        expect(skipped.error!.message).toContain('/p/2');
      }
      expect(site.countOf('/p/2')).toBe(0);
      expect(site.countOf('/robots.txt')).toBe(1);
    } finally {
      await site.close();
    }
  });

  it('two scrapes of one host together never exceed its concurrency and keep its delay', async () => {
    const site = await startFixtureSite({ pages: 15, latencyMs: 80 });
    try {
      const [a, b] = await Promise.all([1, 2].map(() => post({ url: site.url('/'), maxPages: 16, maxDepth: 1, summarize: { enabled: false }, forceRefresh: true })));
      const [doneA, doneB] = await Promise.all([finished(a.body.id), finished(b.body.id)]);
      expect([doneA.status, doneB.status]).toEqual(['completed', 'completed']);
      expect(site.maxInFlight).toBeLessThanOrEqual(2);
      const starts = site.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at).sort((x, y) => x - y);
      expect(starts.length).toBe(32);
      // The throttle spaces request starts by the delay; arrival times at the server jitter with connection set-up,
      // but jitter does not accumulate: 32 starts need at least 31 delays between the first and the last.
      expect(starts.at(-1)! - starts[0]).toBeGreaterThanOrEqual(31 * HOST_DELAY_MS * 0.9);
    } finally {
      await site.close();
    }
  });

  it('within the cache TTL a page is reused without a request; after it, a conditional GET gets a 304', async () => {
    const site = await startFixtureSite({ pages: 3 });
    try {
      const first = await post({ url: site.url('/p/3'), summarize: { enabled: false } });
      expect((await finished(first.body.id)).status).toBe('completed');
      expect(site.countOf('/p/3')).toBe(1);

      const second = await post({ url: site.url('/p/3'), summarize: { enabled: false } });
      const cached = await finished(second.body.id);
      expect(cached.progress).toMatchObject({ pagesFetched: 1, cacheHits: 1, notModified: 0 });
      expect(site.countOf('/p/3')).toBe(1);

      await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 200));
      const third = await post({ url: site.url('/p/3'), summarize: { enabled: false } });
      const revalidated = await finished(third.body.id);
      expect(revalidated.progress).toMatchObject({ pagesFetched: 1, cacheHits: 0, notModified: 1 });
      expect(site.countOf('/p/3')).toBe(2);
      expect(site.requests.filter((r) => r.path === '/p/3').at(-1)!.headers['if-none-match']).toMatch(/^"/);
      const { body } = await json(pipeline.app.request(`/v1/scrapes/${third.body.id}/pages`));
      expect(body.data[0].extraction.title).toBe('Product 3');
      const storedBody = async (scrapeId: string) =>
        (await pipeline.database.db.select({ body: pages.body }).from(pages).where(eq(pages.scrapeId, scrapeId)))[0].body;
      const original = await storedBody(first.body.id);
      expect(original?.length).toBeGreaterThan(100);
      expect(await storedBody(second.body.id)).toEqual(original);
      expect(await storedBody(third.body.id)).toEqual(original);

      const forced = await post({ url: site.url('/p/3'), summarize: { enabled: false }, forceRefresh: true });
      expect((await finished(forced.body.id)).progress).toMatchObject({ cacheHits: 0, notModified: 0 });
      expect(site.countOf('/p/3')).toBe(3);
    } finally {
      await site.close();
    }
  });

  it('pauses a host after 5 failures in a row and tries again only after the cool-down', async () => {
    const site = await startFixtureSite({ pages: 8 });
    try {
      for (let i = 1; i <= 8; i++) site.fault(`/p/${i}`, { status: 503 });
      // The catalogue, /article and the 8 products.
      const { body } = await post({ url: site.url('/'), maxPages: 10, maxDepth: 1, summarize: { enabled: false } });
      const done = await finished(body.id, 60_000);
      expect(done.status).toBe('completed');
      expect(done.progress.pagesFailed).toBe(8);

      const productRequests = site.requests.filter((r) => r.path.startsWith('/p/')).map((r) => r.at);
      const afterFifth = productRequests.slice(4);
      const gaps = afterFifth.slice(1).map((at, i) => at - afterFifth[i]);
      expect(Math.max(...gaps)).toBeGreaterThanOrEqual(COOL_DOWN_MS - 100);
      // Without the breaker, 8 pages × 5 attempts would reach the host 40 times.
      expect(productRequests.length).toBeLessThan(40);
      const failed = await pipeline.database.db.select({ error: pages.error }).from(pages).where(and(eq(pages.scrapeId, body.id), eq(pages.status, 'failed')));
      expect(failed.every((row) => row.error?.type === 'HttpServerError')).toBe(true);
    } finally {
      await site.close();
    }
  });
});

describe('sitemaps as a seed source', () => {
  it('follows a sitemap index to a gzip sitemap and crawls its pages without following links', async () => {
    const site = await startFixtureSite({ pages: 6, sitemap: true });
    try {
      const { body } = await post({ url: site.url('/p/1'), maxDepth: 0, maxPages: 50, sitemap: true, summarize: { enabled: false } });
      const done = await finished(body.id);
      expect(done.status).toBe('completed');
      expect(done.progress.pagesFetched).toBe(6);
      expect(site.countOf('/sitemap.xml')).toBe(1);
      expect(site.countOf('/sitemap-products.xml.gz')).toBe(1);
      expect(site.countOf('/')).toBe(0);
      for (let i = 1; i <= 6; i++) expect(site.countOf(`/p/${i}`), `/p/${i}`).toBe(1);
    } finally {
      await site.close();
    }
  });

  it('a site without a sitemap is crawled from the start URL alone', async () => {
    const site = await startFixtureSite({ pages: 3 });
    try {
      const { body } = await post({ url: site.url('/p/2'), sitemap: true, maxPages: 10, summarize: { enabled: false } });
      expect((await finished(body.id)).progress.pagesFetched).toBe(1);
      expect(site.countOf('/sitemap.xml')).toBe(1);
    } finally {
      await site.close();
    }
  });
});
