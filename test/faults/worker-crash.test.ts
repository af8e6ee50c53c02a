import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, lte } from 'drizzle-orm';
import { inject } from 'vitest';
import { pages } from '../../db/schema';
import { PAGES_PER_BATCH } from '../../workflows/policies';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { historyOf } from '../support/history';
import { startPipeline, waitFor, type Pipeline } from '../support/pipeline';
import { spawnWorkerProcess, withTimeout, type ChildHandle } from '../support/processes';
import { adminAuthHeaders, adminKeyEnv, apiClient, pageStats, pollerIdentities } from '../support/scrape-checks';

/**
 * The standalone worker (`worker/main.ts`, its own OS process) is SIGKILLed in the middle of a fetch batch of a
 * 200-page crawl and a new one is started: Temporal retries the lost activity (after its heartbeat timeout) on the
 * new worker, the run completes, every page is stored once, and finished batches are not fetched again.
 */
const TASK_QUEUE = `fault-worker-crash-${process.pid}`;
const PRODUCT_PAGES = 200;
// Batch 1 is the catalogue, then batches of 25 pages (several in flight, served first come first served by the
// worker's per-host throttle, 4 at a time). Request 78 comes while batch 4's last pages are still being fetched and
// ~600 ms after batch 3's were: the kill hits fetch (and parse) activities, which heartbeat, and not a validate,
// which has no heartbeat timeout and would only be retried after its 2-minute start-to-close timeout.
const KILL_AT_PAGE_REQUEST = 78;
const LATENCY_MS = 100;

let pipeline: Pipeline;
let site: FixtureSite;
const workers: ChildHandle[] = [];
let killAt = 0;
let killed: () => void;
const killedSignal = new Promise<void>((resolve) => { killed = resolve; });
let pageRequests = 0;

beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: TASK_QUEUE, env: adminKeyEnv });
  // Only the child worker may poll this queue: the harness' in-process worker would otherwise finish the crawl.
  await pipeline.stopWorker();
  site = await startFixtureSite({
    pages: PRODUCT_PAGES,
    latencyMs: LATENCY_MS,
    onRequest(request) {
      if (request.path === '/robots.txt') return;
      pageRequests++;
      if (pageRequests === KILL_AT_PAGE_REQUEST && workers[0]) {
        // Synchronously, while that very request is being served: the fetch activity is certainly in flight.
        killAt = Date.now();
        workers[0].child.kill('SIGKILL');
        killed();
      }
    },
  });
});

afterAll(async () => {
  for (const worker of workers) await worker.kill('SIGTERM').catch(() => worker.kill('SIGKILL'));
  await pipeline?.close();
  await site?.close();
});

async function startWorker(): Promise<ChildHandle> {
  const worker = spawnWorkerProcess({ temporalAddress: inject('temporalAddress'), databaseUrl: inject('databaseUrl'), taskQueue: TASK_QUEUE });
  workers.push(worker);
  return worker;
}

async function waitForPolling(worker: ChildHandle): Promise<number> {
  const started = Date.now();
  await waitFor(async () => {
    if (worker.child.exitCode !== null) throw new Error(`worker exited early:\n${worker.output()}`);
    return (await pollerIdentities(pipeline.client, TASK_QUEUE)).some((poller) => poller.identity.startsWith(`${worker.pid}@`));
  }, { timeoutMs: 60_000, everyMs: 200, what: `worker ${worker.pid} to poll ${TASK_QUEUE}` });
  return Date.now() - started;
}

describe('a worker killed with SIGKILL mid-crawl', () => {
  it('is replaced, the run completes, every page is stored once and finished batches are not fetched again', async () => {
    const api = apiClient(pipeline.app, adminAuthHeaders);
    const first = await startWorker();
    const firstStartupMs = await waitForPolling(first);

    const { status, body: started } = await api.post('/v1/scrapes', {
      url: site.url('/'), maxPages: PRODUCT_PAGES + 1, maxDepth: 1, summarize: { enabled: false },
    });
    expect(status).toBe(202);

    await withTimeout(killedSignal, 30_000, `the ${KILL_AT_PAGE_REQUEST}th page request`);
    const exit = await withTimeout(first.exited, 10_000, 'the killed worker to exit');
    expect(exit.signal).toBe('SIGKILL');
    const exitedAt = Date.now();

    const second = await startWorker();
    const secondStartupMs = await waitForPolling(second);
    const done = await api.finished(started.id, 75_000);
    const recoveredAt = Date.now();
    expect(done.status, second.output()).toBe('completed');

    // Exactly once in the database: 201 rows, 201 distinct URLs, all fetched.
    const stats = await pageStats(pipeline.database.db, started.id);
    expect(stats).toMatchObject({ total: PRODUCT_PAGES + 1, distinct: PRODUCT_PAGES + 1, byStatus: { fetched: PRODUCT_PAGES + 1 } });
    expect(done.progress.pagesFetched).toBe(PRODUCT_PAGES + 1);

    // The site: every page requested; only what was in flight at the kill is requested again — at most one batch's
    // worth, since the worker's per-host throttle (4 at a time) bounds it, however many batches run in parallel.
    const pagePaths = site.requests.map((request) => request.path).filter((path) => path !== '/robots.txt');
    const counts = new Map<string, number>();
    for (const path of pagePaths) counts.set(path, (counts.get(path) ?? 0) + 1);
    const refetched = [...counts].filter(([, count]) => count > 1).map(([path]) => path);
    expect(counts.size).toBe(PRODUCT_PAGES + 1);
    expect(pagePaths.length).toBeLessThanOrEqual(PRODUCT_PAGES + 1 + PAGES_PER_BATCH);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(refetched.length).toBeLessThanOrEqual(PAGES_PER_BATCH);

    // Pages stored before the kill (fetched_at is set by the worker before its write) were requested exactly once.
    const storedBeforeKill = await pipeline.database.db.select({ url: pages.url }).from(pages)
      .where(and(eq(pages.scrapeId, started.id), eq(pages.status, 'fetched'), lte(pages.fetchedAt, new Date(killAt))));
    expect(storedBeforeKill.length).toBeGreaterThanOrEqual(KILL_AT_PAGE_REQUEST - PAGES_PER_BATCH);
    for (const { url } of storedBeforeKill) expect(counts.get(new URL(url).pathname), url).toBe(1);

    // The activities the kill interrupted (scheduled before it, completed by the new worker): the lost attempts were
    // retried after their heartbeat timeout.
    const { history } = await historyOf(pipeline.client, started.workflowId);
    const events = history.events ?? [];
    const at = (event: (typeof events)[number]) => Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);
    const interrupted = events.filter((event) => event.activityTaskScheduledEventAttributes && at(event) < killAt).filter((scheduled) => {
      const completed = events.find((event) => String(event.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId));
      return completed && at(completed) > exitedAt;
    }).map((event) => event.activityTaskScheduledEventAttributes!.activityType!.name!);
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.every((name) => ['fetchBatch', 'parseBatch'].includes(name)), interrupted.join()).toBe(true);

    // (Requests the dead worker had already sent can still arrive in the milliseconds after the kill.)
    const firstRetryRequest = site.requests.find((request) => request.at > exitedAt && request.path !== '/robots.txt');
    console.log(
      `worker crash: startup ${firstStartupMs} ms / ${secondStartupMs} ms; killed at page request ${KILL_AT_PAGE_REQUEST} `
      + `with ${storedBeforeKill.length} pages stored, interrupting ${interrupted.join(', ')}; batch retried ${((firstRetryRequest?.at ?? 0) - killAt) / 1000} s after the kill; `
      + `completed ${(recoveredAt - killAt) / 1000} s after the kill; ${pagePaths.length} page requests for ${counts.size} pages `
      + `(${refetched.length} fetched twice)`,
    );
  }, 90_000);
});
