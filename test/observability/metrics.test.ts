import { describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../fixtures/webhook-receiver';
import { waitFor } from '../support/pipeline';
import { useScrapeTestbed } from '../support/scrape-testbed';
import { parsePrometheusText, valueOf, type Sample } from './prom-text';

// Metrics live in one registry per process; vitest runs each test file in its own process, so everything counted
// here comes from this file's scrapes and requests.
const testbed = useScrapeTestbed({ taskQueue: 'test-observability-metrics', sitePages: 5 });
const { post, get, finished } = testbed;

async function scrapeMetrics(): Promise<{ samples: Sample[]; text: string; contentType: string | null }> {
  const response = await testbed.pipeline.app.request('/metrics');
  expect(response.status).toBe(200);
  const text = await response.text();
  return { samples: parsePrometheusText(text), text, contentType: response.headers.get('content-type') };
}

describe('GET /metrics after scrapes through the real pipeline', () => {
  let scrapeId: string;

  it('counts pages, bytes, finished scrapes, step durations, webhook deliveries and HTTP requests by route pattern', async () => {
    const { status, body: started } = await post('/v1/scrapes', {
      url: testbed.site.url('/'), maxPages: 4, maxDepth: 1, notify: [{ url: testbed.receiver.url }],
      // A schema, so that the validate step runs (a scrape without one skips it).
      rules: { heading: { selector: 'h1', type: 'text' } },
      schema: { type: 'object', properties: { heading: { type: 'string' } } },
    });
    expect(status).toBe(202);
    scrapeId = started.id;
    const done = await finished(scrapeId);
    expect(done.status).toBe('completed');
    expect((await get(`/v1/scrapes/${scrapeId}/pages`)).status).toBe(200);
    expect((await get(`/v1/scrapes/${scrapeId}/summary`)).status).toBe(200);
    expect((await get('/v1/no-such-route/123')).status).toBe(404);

    // The completed notification is delivered after the run is marked completed: wait until it is counted.
    const { samples, text, contentType } = await waitFor(async () => {
      const scraped = await scrapeMetrics();
      return valueOf(scraped.samples, 'trawl_webhook_deliveries_total', { outcome: 'delivered' }) >= 2 ? scraped : undefined;
    }, { what: 'both webhook deliveries to be counted' });

    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE trawl_step_duration_seconds histogram');

    expect(valueOf(samples, 'trawl_scrapes_total', { status: 'completed' })).toBe(1);
    expect(valueOf(samples, 'trawl_pages_fetched_total')).toBe(done.progress.pagesFetched);
    expect(valueOf(samples, 'trawl_pages_fetched_total')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'trawl_pages_failed_total')).toBe(0);
    // Every fetched page is an HTML page of a few hundred bytes at least.
    expect(valueOf(samples, 'trawl_fetch_bytes_total')).toBeGreaterThan(300 * done.progress.pagesFetched);
    expect(valueOf(samples, 'trawl_webhook_deliveries_total', { outcome: 'delivered' })).toBe(2);

    for (const step of ['fetch', 'parse', 'validate', 'summarize', 'notify', 'start', 'finish']) {
      expect(valueOf(samples, 'trawl_step_duration_seconds_count', { step }), step).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'trawl_step_duration_seconds_sum', { step }), step).toBeGreaterThan(0);
    }
    // notify ran twice (started, completed); a crawl of 4 pages from / takes at least two fetch rounds.
    expect(valueOf(samples, 'trawl_step_duration_seconds_count', { step: 'notify' })).toBe(2);
    expect(valueOf(samples, 'trawl_step_duration_seconds_count', { step: 'fetch' })).toBeGreaterThanOrEqual(2);

    const http = samples.filter((sample) => sample.name === 'trawl_http_requests_total');
    expect(valueOf(http, 'trawl_http_requests_total', { method: 'POST', route: '/v1/scrapes', status: '202' })).toBe(1);
    expect(valueOf(http, 'trawl_http_requests_total', { method: 'GET', route: '/v1/scrapes/:id', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(http, 'trawl_http_requests_total', { method: 'GET', route: '/v1/scrapes/:id/pages', status: '200' })).toBe(1);
    expect(valueOf(http, 'trawl_http_requests_total', { method: 'GET', route: '/v1/scrapes/:id/summary', status: '200' })).toBe(1);
    expect(valueOf(http, 'trawl_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(valueOf(samples, 'trawl_http_request_duration_seconds_count', { method: 'GET', route: '/v1/scrapes/:id' })).toBeGreaterThanOrEqual(2);
    // Route patterns only: no scrape id and no raw path reaches a label.
    for (const sample of samples.filter((s) => s.name.startsWith('trawl_http_'))) {
      for (const value of Object.values(sample.labels)) {
        expect(value).not.toContain(scrapeId);
        expect(value).not.toContain('no-such-route');
      }
    }
    // This very request is the only one in flight.
    expect(valueOf(samples, 'trawl_http_requests_in_flight')).toBe(1);
    // Node's default process metrics are in the same registry.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts a retried fetch when the site answers 503 once', async () => {
    const { samples: beforeSamples } = await scrapeMetrics();
    const before = valueOf(beforeSamples, 'trawl_activity_retries_total', { activity: 'fetchBatch' });
    const beforeAll = valueOf(beforeSamples, 'trawl_activity_retries_total');
    const requestsBefore = testbed.site.countOf('/p/2');
    testbed.site.fault('/p/2', { status: 503, times: 1 });
    const { body: started } = await post('/v1/scrapes', { url: testbed.site.url('/p/2'), summarize: { enabled: false } });
    expect((await finished(started.id)).status).toBe('completed');
    expect(testbed.site.countOf('/p/2') - requestsBefore).toBe(2);

    const { samples } = await scrapeMetrics();
    expect(valueOf(samples, 'trawl_activity_retries_total', { activity: 'fetchBatch' }) - before).toBe(1);
    // Other activities did not need a retry.
    expect(valueOf(samples, 'trawl_activity_retries_total') - beforeAll).toBe(1);
    expect(valueOf(samples, 'trawl_scrapes_total', { status: 'completed' })).toBe(2);
  });

  it('counts a failed scrape and its failed start page', async () => {
    const before = (await scrapeMetrics()).samples;
    const { body: started } = await post('/v1/scrapes', { url: testbed.site.url('/missing'), summarize: { enabled: false } });
    expect((await finished(started.id)).status).toBe('failed');
    const after = await waitFor(async () => {
      const { samples } = await scrapeMetrics();
      return valueOf(samples, 'trawl_scrapes_total', { status: 'failed' }) === 1 ? samples : undefined;
    }, { what: 'the failed scrape to be counted' });
    expect(valueOf(after, 'trawl_pages_failed_total') - valueOf(before, 'trawl_pages_failed_total')).toBe(1);
    expect(valueOf(after, 'trawl_pages_fetched_total')).toBe(valueOf(before, 'trawl_pages_fetched_total'));
  });

  it('counts a failed webhook delivery and the delivery of its retry', async () => {
    const flaky = await startWebhookReceiver();
    try {
      let answers = 0;
      flaky.answer(() => (answers++ === 0 ? 500 : 200));
      const before = (await scrapeMetrics()).samples;
      const { body: started } = await post('/v1/scrapes', {
        url: testbed.site.url('/p/3'), summarize: { enabled: false }, notify: [{ url: flaky.url, events: ['scrape.completed'] }],
      });
      expect((await finished(started.id)).status).toBe('completed');
      const after = await waitFor(async () => {
        const { samples } = await scrapeMetrics();
        const delivered = valueOf(samples, 'trawl_webhook_deliveries_total', { outcome: 'delivered' }) - valueOf(before, 'trawl_webhook_deliveries_total', { outcome: 'delivered' });
        return delivered >= 1 ? samples : undefined;
      }, { what: 'the retried delivery to be counted' });
      expect(flaky.received.map((delivery) => delivery.answered)).toEqual([500, 200]);
      expect(valueOf(after, 'trawl_webhook_deliveries_total', { outcome: 'failed' }) - valueOf(before, 'trawl_webhook_deliveries_total', { outcome: 'failed' })).toBe(1);
      expect(valueOf(after, 'trawl_activity_retries_total', { activity: 'notifyEvent' }) - valueOf(before, 'trawl_activity_retries_total', { activity: 'notifyEvent' })).toBe(1);
    } finally {
      await flaky.close();
    }
  });

  it('keeps /metrics out of the OpenAPI document and outside /v1', async () => {
    const { body: doc } = await get('/v1/openapi.json');
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect((await testbed.pipeline.app.request('/v1/metrics')).status).not.toBe(200);
  });
});
