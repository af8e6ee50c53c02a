import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findTemporalCli } from '../../lib/temporal/cli';
import { PAGES_PER_BATCH, PARALLEL_BATCHES } from '../../workflows/policies';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startOwnPipeline, type OwnPipeline } from '../support/own-pipeline';
import { freePort, withTimeout } from '../support/processes';
import { apiClient, expectEveryPageStoredOnce } from '../support/scrape-checks';
import { startTemporalProcess, type TemporalProcess } from '../support/temporal-process';

/**
 * The Temporal server itself (a dev server of this test's own, state in a SQLite file) is SIGKILLed in the middle
 * of a 200-page crawl and started again on the same port and file: the worker and the API reconnect, the run
 * resumes where it was and completes with every page stored once.
 */
const TASK_QUEUE = `fault-temporal-restart-${process.pid}`;
const PRODUCT_PAGES = 200;
const KILL_AT_PAGE_REQUEST = 80;

let dir: string;
let temporal: TemporalProcess;
let pipeline: OwnPipeline;
let site: FixtureSite;
let killAt = 0;
let armed = false;
let killed: () => void;
const killedSignal = new Promise<void>((resolve) => { killed = resolve; });
let pageRequests = 0;

beforeAll(async () => {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI found: run `npm run temporal:install` first');
  dir = mkdtempSync(path.join(os.tmpdir(), 'trawl-temporal-restart-'));
  temporal = await startTemporalProcess({ cliPath, dbFilename: path.join(dir, 'temporal.db'), port: await freePort() });
  pipeline = await startOwnPipeline({
    temporalAddress: temporal.address, databaseUrl: inject('databaseUrl'), taskQueue: TASK_QUEUE, workflowBundlePath: inject('workflowBundlePath'),
  });
  site = await startFixtureSite({
    pages: PRODUCT_PAGES,
    latencyMs: 30,
    onRequest(request) {
      if (request.path === '/robots.txt') return;
      pageRequests++;
      if (armed && pageRequests === KILL_AT_PAGE_REQUEST) {
        killAt = Date.now();
        temporal.current().child.kill('SIGKILL');
        killed();
      }
    },
  });
});

afterAll(async () => {
  await pipeline?.close();
  await temporal?.stop();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the Temporal server killed and restarted mid-crawl', () => {
  it('resumes the run, which completes with every page stored once', async () => {
    const api = apiClient(pipeline.app, pipeline.authHeaders);
    armed = true;
    const { status, body: started } = await api.post('/v1/scrapes', {
      url: site.url('/'), maxPages: PRODUCT_PAGES + 1, maxDepth: 1, summarize: { enabled: false },
    });
    expect(status).toBe(202);

    await withTimeout(killedSignal, 30_000, `the ${KILL_AT_PAGE_REQUEST}th page request`);
    const exit = await withTimeout(temporal.current().exited, 10_000, 'the killed Temporal server to exit');
    expect(exit.signal).toBe('SIGKILL');
    const downAt = Date.now();
    const requestsWhileDown = () => site.requests.filter((request) => request.at > killAt).length;
    // Down for about a second, as a crash-and-supervisor-restart would be.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const requestsBeforeRestart = requestsWhileDown();
    const startupMs = await temporal.start();
    const upAt = Date.now();

    const done = await api.finished(started.id, 60_000);
    const completedAt = Date.now();
    expect(done.status, temporal.current().output()).toBe('completed');

    const requests = await expectEveryPageStoredOnce(pipeline.database.db, started.id, site, PRODUCT_PAGES + 1);
    // At most the batches in flight at the crash are fetched again (an activity task the restarted server hands out a
    // second time runs again on the pages that were still queued).
    expect(requests.total).toBeLessThanOrEqual(PRODUCT_PAGES + 1 + PARALLEL_BATCHES * PAGES_PER_BATCH);

    console.log(
      `temporal restart: killed at page request ${KILL_AT_PAGE_REQUEST}, server down ${((upAt - downAt) / 1000).toFixed(1)} s `
      + `(restart took ${startupMs} ms, ${requestsBeforeRestart} page requests while it was down); completed `
      + `${((completedAt - upAt) / 1000).toFixed(1)} s after it was back; ${requests.total} page requests for ${requests.distinct} pages (${requests.refetched} twice)`,
    );
  }, 90_000);
});
