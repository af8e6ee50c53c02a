import { describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pages } from '../../db/schema';
import { PAGES_PER_BATCH } from '../../workflows/policies';
import { startFixtureSite } from '../fixtures/site';
import { historyOf, recordHistory } from '../support/history';
import { waitFor } from '../support/pipeline';
import { useScrapeTestbed } from '../support/scrape-testbed';

const testbed = useScrapeTestbed({ taskQueue: 'test-scrape', sitePages: 200 });
const { post, get, finished } = testbed;

describe('a scrape on the real Temporal server', () => {
  it('runs fetch → parse → validate → summarize → notify and stores the result', async () => {
    const { status, body: started } = await post('/v1/scrapes', {
      url: testbed.site.url('/p/7'),
      rules: { name: { selector: 'h1.name' }, price: { selector: '.price', type: 'price' } },
      schema: { type: 'object', required: ['name', 'price'], properties: { price: { type: 'number', minimum: 0 } } },
      notify: [{ url: testbed.receiver.url }],
    });
    expect(status).toBe(202);
    expect(started.workflowId).toBe(`scrape-${started.id}`);
    expect(started.notify[0].secret).toMatch(/^whsec_/);

    const done = await finished(started.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ phase: 'completed', pagesFetched: 1, pagesFailed: 0 });

    const { body: pageList } = await get(`/v1/scrapes/${started.id}/pages?content=true`);
    expect(pageList.data).toHaveLength(1);
    const [page] = pageList.data;
    expect(page).toMatchObject({ status: 'fetched', httpStatus: 200, url: testbed.site.url('/p/7') });
    expect(page.extraction.title).toBe('Product 7');
    expect(page.extraction.fields).toEqual({ name: 'Product 7', price: 17.99 });
    expect(page.extraction.validation).toEqual({ status: 'valid', errors: null });
    expect(page.extraction.articleBody).toContain('sturdy fixture');

    const { status: summaryStatus, body: summary } = await get(`/v1/scrapes/${started.id}/summary`);
    expect(summaryStatus).toBe(200);
    expect(summary.method).toBe('extractive');
    expect(summary.note).toMatch(/OPENAI_API_KEY/);
    expect(summary.text.length).toBeGreaterThan(20);

    const { activityTypes } = await historyOf(testbed.pipeline.client, started.workflowId);
    await recordHistory(testbed.pipeline.client, started.workflowId, 'completed-crawl');
    expect(new Set(activityTypes)).toEqual(new Set(['startRun', 'notifyEvent', 'fetchBatch', 'parseBatch', 'validateBatch', 'summarizeScrape', 'finishRun']));

    const deliveries = await waitFor(async () => {
      const mine = testbed.receiver.received.filter((d) => d.payload.data.scrapeId === started.id);
      return mine.length >= 2 ? mine : undefined;
    }, { what: 'started and completed webhooks' });
    expect(deliveries.map((d) => d.payload.type)).toEqual(['scrape.started', 'scrape.completed']);
    for (const delivery of deliveries) expect(() => testbed.receiver.verify(delivery, started.notify[0].secret)).not.toThrow();
    expect(deliveries[1].payload.data.summary.method).toBe('extractive');
  });

  it('keeps invalid data, marks it invalid with reasons per field', async () => {
    const { body: started } = await post('/v1/scrapes', {
      url: testbed.site.url('/p/3'),
      rules: { price: { selector: '.price', type: 'price' }, sku: { selector: '.sku' } },
      schema: { type: 'object', required: ['sku'], properties: { price: { type: 'number', maximum: 5 }, sku: { type: 'string' } } },
      summarize: { enabled: false },
    });
    expect((await finished(started.id)).status).toBe('completed');
    const { body } = await get(`/v1/scrapes/${started.id}/pages`);
    expect(body.data[0].extraction.fields.price).toBe(13.99);
    expect(body.data[0].extraction.validation.status).toBe('invalid');
    expect(body.data[0].extraction.validation.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'price' }),
      expect.objectContaining({ field: 'sku' }),
    ]));
    expect((await get(`/v1/scrapes/${started.id}/summary`)).body.error.code).toBe('summary_not_ready');
  });

  it('crawls 200 pages storing each exactly once, with under 2 KB of history per page', async () => {
    const before = testbed.site.requests.length;
    const { body: started } = await post('/v1/scrapes', { url: testbed.site.url('/'), maxPages: 201, maxDepth: 1, summarize: { enabled: false } });
    const done = await finished(started.id, 90_000);
    expect(done.status).toBe('completed');
    expect(done.progress.pagesFetched).toBe(201);

    const [{ total, distinct }] = await testbed.pipeline.database.db
      .select({ total: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${pages.url})::int` })
      .from(pages).where(eq(pages.scrapeId, started.id));
    expect([total, distinct]).toEqual([201, 201]);
    const batches = await testbed.pipeline.database.db.select({ size: sql<number>`count(*)::int` }).from(pages)
      .where(eq(pages.scrapeId, started.id)).groupBy(pages.batch);
    expect(Math.max(...batches.map((b) => b.size))).toBeLessThanOrEqual(PAGES_PER_BATCH); // concurrent claims never over-claim
    const fetchedPaths = testbed.site.requests.slice(before).map((r) => r.path).filter((p) => p !== '/robots.txt');
    expect(fetchedPaths).toHaveLength(201);
    expect(new Set(fetchedPaths).size).toBe(201);

    const { bytes, events } = await historyOf(testbed.pipeline.client, started.workflowId);
    console.log(`200-page crawl: ${events} history events, ${bytes} bytes, ${(bytes / 201).toFixed(0)} bytes/page`);
    expect(bytes / 201).toBeLessThan(2048);
  });

  it('retries a 503 after its Retry-After and fails fast, once, on a 404 start page', async () => {
    testbed.site.fault('/p/11', { status: 503, times: 2, retryAfter: '1' });
    const countBefore = testbed.site.countOf('/p/11');
    const started503 = Date.now();
    const { body: retried } = await post('/v1/scrapes', { url: testbed.site.url('/p/11'), summarize: { enabled: false } });
    expect((await finished(retried.id)).status).toBe('completed');
    expect(testbed.site.countOf('/p/11') - countBefore).toBe(3);
    expect(Date.now() - started503).toBeGreaterThanOrEqual(2_000);
    await recordHistory(testbed.pipeline.client, retried.workflowId, 'retried-fetch');

    const { body: missing } = await post('/v1/scrapes', { url: testbed.site.url('/nope'), notify: [{ url: testbed.receiver.url, events: ['scrape.failed'] }] });
    const failed = await finished(missing.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ type: 'HttpClientError' });
    expect(failed.error.message).toContain('404');
    expect(testbed.site.countOf('/nope')).toBe(1);
    const delivery = await waitFor(async () => testbed.receiver.received.find((d) => d.payload.data.scrapeId === missing.id));
    expect(delivery.payload.type).toBe('scrape.failed');
    expect(() => testbed.receiver.verify(delivery, missing.notify[0].secret)).not.toThrow();
  });

  it('cancels mid-crawl within 2 s: no fetch afterwards, status cancelled, signed cancelled webhook', async () => {
    const slow = await startFixtureSite({ pages: 80, latencyMs: 150 });
    try {
      const { body: started } = await post('/v1/scrapes', { url: slow.url('/'), maxPages: 81, maxDepth: 1, notify: [{ url: testbed.receiver.url, events: ['scrape.cancelled'] }] });
      await waitFor(async () => slow.requests.length >= 8, { what: 'crawl under way' });
      const cancelAt = Date.now();
      const { status } = await post(`/v1/scrapes/${started.id}/cancel`, {});
      expect(status).toBe(202);
      const done = await finished(started.id, 5_000);
      const elapsed = Date.now() - cancelAt;
      expect(done.status).toBe('cancelled');
      expect(elapsed).toBeLessThan(2_000);
      await recordHistory(testbed.pipeline.client, started.workflowId, 'cancelled-crawl');
      const requestsAtCancel = slow.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(slow.requests.length).toBe(requestsAtCancel);
      expect(requestsAtCancel).toBeLessThan(81);
      const delivery = await waitFor(async () => testbed.receiver.received.find((d) => d.payload.data.scrapeId === started.id));
      expect(delivery.payload.type).toBe('scrape.cancelled');
      expect(() => testbed.receiver.verify(delivery, started.notify[0].secret)).not.toThrow();
      expect((await post(`/v1/scrapes/${started.id}/cancel`, {})).status).toBe(409);
    } finally {
      await slow.close();
    }
  });
});
