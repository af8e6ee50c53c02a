import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { PAGES_PER_BATCH, PARALLEL_BATCHES } from '../../workflows/policies';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startOwnPipeline, type OwnPipeline } from '../support/own-pipeline';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { withTimeout } from '../support/processes';
import { apiClient, expectEveryPageStoredOnce } from '../support/scrape-checks';

/**
 * PostgreSQL (a throwaway cluster of this test's own) is restarted in the middle of a 200-page crawl — every
 * connection of the worker and the API is closed, and nothing answers for about a second: the activities that hit
 * the outage are retried, the run completes and every page is stored once.
 */
const TASK_QUEUE = `fault-postgres-restart-${process.pid}`;
const PRODUCT_PAGES = 200;
const RESTART_AT_PAGE_REQUEST = 80;
const DOWN_MS = 1_000;

let cluster: PgCluster;
let pipeline: OwnPipeline;
let site: FixtureSite;
let restartAt = 0;
let reached: () => void;
const reachedSignal = new Promise<void>((resolve) => { reached = resolve; });
let pageRequests = 0;

beforeAll(async () => {
  cluster = await startPgCluster();
  const database = await openDatabase({ url: cluster.url });
  await database.migrate();
  await database.close();
  pipeline = await startOwnPipeline({
    temporalAddress: inject('temporalAddress'), databaseUrl: cluster.url, taskQueue: TASK_QUEUE, workflowBundlePath: inject('workflowBundlePath'),
    // The production default, so the activities' five attempts outlast the outage (50ms would burn them in 0.75 s
    // whenever the database fails fast instead of stalling).
    env: { TRAWL_RETRY_INITIAL_INTERVAL: '1s' },
  });
  site = await startFixtureSite({
    pages: PRODUCT_PAGES,
    latencyMs: 30,
    onRequest(request) {
      if (request.path === '/robots.txt') return;
      if (++pageRequests === RESTART_AT_PAGE_REQUEST) {
        restartAt = Date.now();
        reached();
      }
    },
  });
}, 120_000);

afterAll(async () => {
  await pipeline?.close();
  await site?.close();
  await cluster?.destroy();
});

describe('PostgreSQL restarted mid-crawl', () => {
  it('the run completes with every page stored once', async () => {
    const api = apiClient(pipeline.app, pipeline.authHeaders);
    const { status, body: started } = await api.post('/v1/scrapes', {
      url: site.url('/'), maxPages: PRODUCT_PAGES + 1, maxDepth: 1, summarize: { enabled: false },
    });
    expect(status).toBe(202);

    await withTimeout(reachedSignal, 30_000, `the ${RESTART_AT_PAGE_REQUEST}th page request`);
    const { stopMs, startMs } = await cluster.restart(DOWN_MS);
    const upAt = Date.now();

    const done = await api.finished(started.id, 60_000);
    const completedAt = Date.now();
    expect(done.status, JSON.stringify(done.error)).toBe('completed');

    const requests = await expectEveryPageStoredOnce(pipeline.database.db, started.id, site, PRODUCT_PAGES + 1);
    // At most the batches in flight during the outage fetch pages again (those whose write failed).
    expect(requests.total).toBeLessThanOrEqual(PRODUCT_PAGES + 1 + PARALLEL_BATCHES * PAGES_PER_BATCH);

    console.log(
      `postgres restart at page request ${RESTART_AT_PAGE_REQUEST}: stop ${stopMs} ms + ${DOWN_MS} ms down + start ${startMs} ms; `
      + `completed ${((completedAt - upAt) / 1000).toFixed(1)} s after it was back (${((completedAt - restartAt) / 1000).toFixed(1)} s after the restart began); `
      + `${requests.total} page requests for ${requests.distinct} pages (${requests.refetched} twice)`,
    );
  }, 90_000);
});
