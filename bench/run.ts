/**
 * `npm run bench`: crawl throughput (Trawl vs. Crawlee vs. a plain loop, on a fast and on a slow local site) and API
 * latency, measured side by side in one run on this machine. Raw results go to bench/results/ as JSON; a table is
 * printed. See bench/README.md for the options.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Hono } from 'hono';
import pino from 'pino';
import postgres from 'postgres';
import { createApp, type App } from '../api/app';
import { accessOptionsFromConfig } from '../api/auth/access-config';
import { TemporalConnection } from '../api/temporal-connection';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { parseConfig } from '../lib/config';
import { findTemporalCli } from '../lib/temporal/cli';
import { startDevServer, type DevServer } from '../lib/temporal/dev-server';
import { workflowsPath } from '../worker/workflow-paths';
import { freePort } from '../test/support/processes';
import { summarizeProfile, type ProfileSummary } from './lib/cpu-profile';
import { historyReport, type HistoryReport } from './lib/history';
import {
  ask, benchDir, childPidsMatching, cpuBetween, killAllSpawned, machine, machineBusyMs, memoryOf, postgresBackendsOf, sampleCpu, spawnTs,
  waitForLine, type Spawned,
} from './lib/proc';
import { median, round, sleep, spread, table, withTimeout } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: 'costs,fast,slow,api' },
    pages: { type: 'string', default: '999' },
    'slow-pages': { type: 'string', default: '299' },
    'slow-latency': { type: 'string', default: '200-400' },
    concurrency: { type: 'string', default: '16' },
    'trawl-concurrency': { type: 'string', default: '4,16' },
    'api-duration': { type: 'string', default: '4' },
    'post-duration': { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    'budget-s': { type: 'string', default: '570' },
    'wait-quiet-s': { type: 'string', default: '0' },
    crawlers: { type: 'string', default: '' },
    'worker-node-args': { type: 'string', default: '' },  // default: the Node flags of `npm run worker`
    'setup-sql': { type: 'string', default: '' },
  },
});
const RUNS = Number(args.runs);
const ONLY = new Set(args.only!.split(','));
const FAST_PRODUCTS = Number(args.pages);
const SLOW_PRODUCTS = Number(args['slow-pages']);
const PEER_CONCURRENCY = Number(args.concurrency);
const TRAWL_CONCURRENCIES = args['trawl-concurrency']!.split(',').map(Number);
const BASE_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const startedAt = Date.now();
const deadline = startedAt + Number(args['budget-s']) * 1000;

const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s`;
const log = (message: string) => process.stdout.write(`[${elapsed()}] ${message}\n`);
const suffix = () => Math.random().toString(36).slice(2, 8);

// ---------------------------------------------------------------------------------------------------------------------
// Set-up: database, Temporal dev server, workflow bundle, fixture sites, workers, API apps
// ---------------------------------------------------------------------------------------------------------------------

interface Fixture { name: string; origin: string; products: number; proc: Spawned; reset(): Promise<void>; stats(): Promise<FixtureStats> }
interface FixtureStats { served: number; maxInFlight: number; meanInFlight: number; cpuMs: number; totalBytes: number }
interface TrawlWorker { concurrency: number; taskQueue: string; proc: Spawned; app: App }

const cleanups: (() => Promise<unknown>)[] = [];
let cleaningUp = false;
async function cleanup(): Promise<void> {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const step of cleanups.reverse()) {
    try {
      await withTimeout(step(), 30_000, 'clean-up step');
    } catch (error) {
      process.stderr.write(`clean-up: ${(error as Error).message}\n`);
    }
  }
  killAllSpawned();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up\n`);
    cleanup().finally(() => process.exit(130));
  });
}

async function createDatabase(): Promise<{ url: string; name: string }> {
  const name = `trawl_bench_${process.pid}`;
  const admin = postgres(BASE_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const drop = postgres(BASE_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await drop.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await drop.end();
    }
  });
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.href, name };
}

async function postgresExec(url: string, statements: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statements);
  } finally {
    await sql.end();
  }
}

async function startFixture(name: string, products: number, latency: string): Promise<Fixture> {
  const proc = spawnTs(path.join(benchDir, 'fixture-site.ts'), ['--pages', String(products), '--latency', latency]);
  cleanups.push(() => proc.stop());
  const [, port] = await waitForLine(proc, /READY (\d+)/, 60_000, `fixture site ${name}`);
  const origin = `http://127.0.0.1:${port}`;
  return {
    name, origin, products, proc,
    async reset() {
      await fetch(`${origin}/__reset`);
    },
    async stats() {
      return (await (await fetch(`${origin}/__stats`)).json()) as FixtureStats;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// One crawl each way
// ---------------------------------------------------------------------------------------------------------------------

interface CrawlResult {
  crawler: string;
  iteration: number;
  pages: number;
  failed: number;
  wallMs: number;
  pagesPerSecond: number;
  withPrice: number;
  withJsonLd: number;
  peakRssMb: number;
  /** CPU time per component during the crawl, ms; `other` is what processes outside the benchmark used meanwhile. */
  cpuMs: Record<string, number>;
  /** `other` as a share of the machine (all cores) during the crawl: how contended the measurement was. */
  otherLoadPct: number;
  /**
   * CPU time per page of everything the crawler needs (Trawl: worker + PostgreSQL + Temporal server + API; the others:
   * their process during the crawl, start-up excluded); the fixture's serving excluded. Robust to contention.
   */
  cpuMsPerPage: number;
  fixture: FixtureStats;
  history?: HistoryReport & { bytesPerPage: number };
  scrapeId?: string;
  error?: string;
}

interface Context {
  client: Client;
  sql: postgres.Sql;
  databaseName: string;
  temporalPid: number | undefined;
  /** Workers and fixture sites, once started. */
  otherBenchPids: number[];
}

const TRAWL_CRAWL_TIMEOUT_MS = 300_000;

async function trawlCrawl(ctx: Context, worker: TrawlWorker, fixture: Fixture, iteration: number): Promise<CrawlResult> {
  const crawler = `trawl-c${worker.concurrency}`;
  const tag = `${crawler}-${iteration}-${suffix()}`;
  const maxPages = fixture.products + 1;
  await fixture.reset();
  const groups = {
    worker: () => [worker.proc.pid],
    temporal: () => (ctx.temporalPid ? [ctx.temporalPid] : []),
    postgres: () => postgresBackendsOf(ctx.databaseName),
  };
  const before = sampleCpu(groups);
  const benchBefore = process.cpuUsage();
  const busyBefore = machineBusyMs();
  const started = performance.now();
  const response = await worker.app.request('/v1/scrapes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      url: `${fixture.origin}/${tag}/`, maxPages, maxDepth: 1,
      rules: { price: { selector: '.price', type: 'price' } },
      summarize: { enabled: false },
    }),
  });
  const answer = (await response.json()) as { id: string; workflowId: string };
  if (response.status !== 202) throw new Error(`POST /v1/scrapes answered ${response.status}: ${JSON.stringify(answer)}`);
  const handle = ctx.client.workflow.getHandle(answer.workflowId);
  let error: string | undefined;
  try {
    await withTimeout(handle.result(), TRAWL_CRAWL_TIMEOUT_MS, `${crawler} crawl`);
  } catch (caught) {
    error = (caught as Error).message;
    await handle.terminate('benchmark timeout').catch(() => undefined);
  }
  const wallMs = performance.now() - started;
  const benchCpu = process.cpuUsage(benchBefore);
  const cpuMs: Record<string, number> = { ...cpuBetween(before, sampleCpu(groups)), api: Math.round((benchCpu.user + benchCpu.system) / 1000) };
  const fixtureStats = await fixture.stats();
  cpuMs.fixture = Math.round(fixtureStats.cpuMs);
  cpuMs.other = Math.max(0, Math.round(machineBusyMs() - busyBefore - Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0)));
  const [counts] = await ctx.sql<{ pages: number; failed: number; extractions: number; with_price: number; with_json_ld: number }[]>`
    select
      (select count(*)::int from pages where scrape_id = ${answer.id} and status = 'fetched') as pages,
      (select count(*)::int from pages where scrape_id = ${answer.id} and status = 'failed') as failed,
      count(*)::int as extractions,
      (count(*) filter (where fields->>'price' is not null))::int as with_price,
      (count(*) filter (where jsonb_array_length(json_ld) > 0))::int as with_json_ld
    from extractions where scrape_id = ${answer.id}`;
  const history = await historyReport(ctx.client, answer.workflowId);
  return {
    crawler, iteration, pages: counts.pages, failed: counts.failed, wallMs: Math.round(wallMs),
    pagesPerSecond: round(counts.pages / (wallMs / 1000)), withPrice: counts.with_price, withJsonLd: counts.with_json_ld,
    peakRssMb: round(memoryOf(worker.proc.pid)?.peakRssMb ?? NaN), cpuMs, otherLoadPct: loadPct(cpuMs.other, wallMs),
    cpuMsPerPage: round((cpuMs.worker + cpuMs.postgres + cpuMs.temporal + cpuMs.api) / Math.max(1, counts.pages), 1), fixture: fixtureStats,
    history: { ...history, bytesPerPage: Math.round(history.bytes / Math.max(1, counts.pages)) }, scrapeId: answer.id, error,
  };
}

const CORES = machine().cores;
const loadPct = (cpuMs: number, wallMs: number) => round((cpuMs / (wallMs * CORES)) * 100, 0);

type PeerKind = 'crawlee-memory' | 'crawlee-default' | 'plain';

async function peerCrawl(kind: PeerKind, fixture: Fixture, iteration: number): Promise<CrawlResult> {
  const tag = `${kind}-${iteration}-${suffix()}`;
  const maxPages = fixture.products + 1;
  await fixture.reset();
  const storageDir = kind === 'crawlee-default' ? mkdtempSync(path.join(os.tmpdir(), 'trawl-bench-crawlee-')) : undefined;
  const script = path.join(benchDir, kind === 'plain' ? 'crawl-plain.ts' : 'crawl-crawlee.ts');
  const crawlArgs = ['--url', `${fixture.origin}/${tag}/`, '--max-pages', String(maxPages), '--max-depth', '1', '--concurrency', String(PEER_CONCURRENCY)];
  if (kind !== 'plain') crawlArgs.push('--storage', kind === 'crawlee-memory' ? 'memory' : 'default');
  // Crawlee's default storage goes to CRAWLEE_STORAGE_DIR; the in-memory one gets a scratch dir too, never ./storage.
  const scratch = storageDir ?? mkdtempSync(path.join(os.tmpdir(), 'trawl-bench-crawlee-'));
  const busyBefore = machineBusyMs();
  const benchBefore = process.cpuUsage();
  const processStarted = performance.now();
  const proc = spawnTs(script, crawlArgs, { CRAWLEE_STORAGE_DIR: scratch });
  try {
    const [, json] = await waitForLine(proc, /RESULT (.*)\n/, 300_000, kind);
    await proc.exited;
    const result = JSON.parse(json) as { pages: number; failed: number; wallMs: number; withPrice: number; withJsonLd: number; peakRssMb: number; cpuMs: number; crawlCpuMs: number };
    const fixtureStats = await fixture.stats();
    const benchCpu = process.cpuUsage(benchBefore);
    // The child's CPU covers its whole life (start-up included), so "other" is taken over the same span.
    const other = Math.max(0, Math.round(machineBusyMs() - busyBefore - result.cpuMs - fixtureStats.cpuMs - (benchCpu.user + benchCpu.system) / 1000));
    return {
      crawler: kind, iteration, pages: result.pages, failed: result.failed, wallMs: Math.round(result.wallMs),
      pagesPerSecond: round(result.pages / (result.wallMs / 1000)), withPrice: result.withPrice, withJsonLd: result.withJsonLd,
      peakRssMb: round(result.peakRssMb),
      cpuMs: { crawler: Math.round(result.crawlCpuMs), crawlerWithStartup: Math.round(result.cpuMs), fixture: Math.round(fixtureStats.cpuMs), other },
      otherLoadPct: loadPct(other, performance.now() - processStarted), cpuMsPerPage: round(result.crawlCpuMs / Math.max(1, result.pages), 1),
      fixture: fixtureStats,
    };
  } finally {
    await proc.stop('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------------------------------------

interface ScenarioResult {
  fixture: { products: number; pages: number; latency: string };
  iterations: number;
  runs: Record<string, CrawlResult[]>;
  summary: Record<string, { pagesPerSecond: ReturnType<typeof spread>; wallMs: number; peakRssMb: number; otherLoadPct: number; cpuMsPerPage: number; historyBytesPerPage?: number; historyEvents?: number }>;
  ratios: Record<string, ReturnType<typeof spread>>;
}

async function crawlScenario(
  name: string, ctx: Context, fixture: Fixture, latency: string, workers: TrawlWorker[], phaseDeadline: number,
): Promise<ScenarioResult> {
  const crawlers: { name: string; run: (iteration: number) => Promise<CrawlResult> }[] = [
    ...workers.map((worker) => ({ name: `trawl-c${worker.concurrency}`, run: (i: number) => trawlCrawl(ctx, worker, fixture, i) })),
    { name: 'crawlee-memory', run: (i: number) => peerCrawl('crawlee-memory', fixture, i) },
    { name: 'crawlee-default', run: (i: number) => peerCrawl('crawlee-default', fixture, i) },
    { name: 'plain', run: (i: number) => peerCrawl('plain', fixture, i) },
  ];
  const wanted = args.crawlers ? new Set(args.crawlers.split(',')) : undefined;
  if (wanted) crawlers.splice(0, crawlers.length, ...crawlers.filter((crawler) => wanted.has(crawler.name)));
  const runs: Record<string, CrawlResult[]> = Object.fromEntries(crawlers.map((crawler) => [crawler.name, []]));
  let iterations = 0;
  let lastIterationMs = 0;
  for (let iteration = 0; iteration < RUNS; iteration++) {
    if (iteration > 0 && Date.now() + lastIterationMs > phaseDeadline) {
      log(`${name}: stopping after ${iteration} iteration(s) to stay within the time budget`);
      break;
    }
    const iterationStart = Date.now();
    // Rotate the order so no crawler always runs first (or right after another's clean-up).
    const order = crawlers.map((_, k) => crawlers[(k + iteration) % crawlers.length]);
    for (const crawler of order) {
      let result: CrawlResult;
      try {
        result = await crawler.run(iteration);
      } catch (error) {
        log(`${name} ${crawler.name} #${iteration + 1} failed: ${(error as Error).message}`);
        continue;
      }
      runs[crawler.name].push(result);
      const extra = result.history ? `, history ${result.history.bytesPerPage} B/page` : '';
      log(`${name} ${crawler.name.padEnd(15)} #${iteration + 1}: ${result.pages} pages in ${(result.wallMs / 1000).toFixed(1)} s = ${result.pagesPerSecond} pages/s, peak RSS ${result.peakRssMb} MB${extra}, other load ${result.otherLoadPct} %${result.error ? ` (${result.error})` : ''}`);
    }
    iterations++;
    lastIterationMs = Date.now() - iterationStart;
  }

  const summary: ScenarioResult['summary'] = {};
  for (const [crawler, results] of Object.entries(runs)) {
    const ok = results.filter((result) => !result.error);
    if (ok.length === 0) continue;
    summary[crawler] = {
      pagesPerSecond: spread(ok.map((result) => result.pagesPerSecond)),
      wallMs: median(ok.map((result) => result.wallMs)),
      peakRssMb: Math.max(...ok.map((result) => result.peakRssMb)),
      otherLoadPct: median(ok.map((result) => result.otherLoadPct)),
      cpuMsPerPage: median(ok.map((result) => result.cpuMsPerPage)),
      ...(ok[0].history ? {
        historyBytesPerPage: median(ok.map((result) => result.history!.bytesPerPage)),
        historyEvents: median(ok.map((result) => result.history!.events)),
      } : {}),
    };
  }
  // Ratios per iteration (side by side in the same iteration), then their median.
  const ratios: ScenarioResult['ratios'] = {};
  for (const worker of workers) {
    for (const peer of ['crawlee-memory', 'crawlee-default', 'plain']) {
      const values: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const mine = runs[`trawl-c${worker.concurrency}`]?.find((result) => result.iteration === i && !result.error);
        const theirs = runs[peer]?.find((result) => result.iteration === i);
        if (!mine || !theirs) continue;
        values.push(mine.pagesPerSecond / theirs.pagesPerSecond);
        cpu.push(mine.cpuMsPerPage / theirs.cpuMsPerPage);
      }
      if (values.length) ratios[`trawl-c${worker.concurrency} / ${peer}`] = spread(values.map((v) => round(v, 3)));
      if (cpu.length) ratios[`CPU per page, trawl-c${worker.concurrency} / ${peer}`] = spread(cpu.map((v) => round(v, 2)));
    }
  }
  return { fixture: { products: fixture.products, pages: fixture.products + 1, latency }, iterations, runs, summary, ratios };
}

interface ApiTargetResult {
  p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; requestsPerSecond: number; total: number; ok2xx: number; non2xx: number; errors: number; timeouts: number;
  /** CPU time of the serving process per request, µs (the API process; this process for the bare route). */
  serverCpuUsPerRequest: number;
  /** CPU time per request of each part of the benchmark (server, load generator, PostgreSQL, …), µs. */
  cpuUsPerRequest: Record<string, number>;
  /** CPU used meanwhile by processes outside the benchmark, as a share of the machine. */
  otherLoadPct: number;
}

interface ApiServer { url: string; pid: number; stop(): Promise<void> }

/** Every process of the benchmark but this one, for telling its CPU time from the rest of the machine's. */
function benchGroups(ctx: Context, extra: Record<string, number[]>): Record<string, () => number[]> {
  return {
    ...Object.fromEntries(Object.entries(extra).map(([name, pids]) => [name, () => pids])),
    temporal: () => (ctx.temporalPid ? [ctx.temporalPid] : []),
    postgres: () => postgresBackendsOf(ctx.databaseName),
    others: () => ctx.otherBenchPids,
  };
}

/** One autocannon run (its own process), with the CPU time the server spent per request and the machine's other load. */
async function loadTest(ctx: Context, options: Record<string, unknown>, serverPid?: number): Promise<ApiTargetResult> {
  const proc = spawnTs(path.join(benchDir, 'load.ts'), [JSON.stringify(options)]);
  const groups = benchGroups(ctx, serverPid ? { server: [serverPid] } : {});
  const before = sampleCpu(groups);
  const benchBefore = process.cpuUsage();
  const busyBefore = machineBusyMs();
  const started = performance.now();
  try {
    const [, json] = await waitForLine(proc, /RESULT (.*)\n/, 120_000, 'autocannon');
    const result = JSON.parse(json) as ApiTargetResult & { cpuMs: number };
    // The load generator reports its own CPU time: it may have exited before /proc could be read.
    const cpuMs: Record<string, number> = { ...cpuBetween(before, sampleCpu(groups)), load: result.cpuMs };
    const benchCpu = process.cpuUsage(benchBefore);
    const benchMs = (benchCpu.user + benchCpu.system) / 1000;
    const other = machineBusyMs() - busyBefore - benchMs - Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
    const perRequest = (ms: number) => round((ms * 1000) / Math.max(1, result.total), 1);
    const cpuUsPerRequest = Object.fromEntries(Object.entries({ ...cpuMs, bench: benchMs }).map(([name, ms]) => [name, perRequest(ms)]));
    return { ...result, serverCpuUsPerRequest: perRequest(serverPid ? cpuMs.server : benchMs), cpuUsPerRequest, otherLoadPct: loadPct(Math.max(0, other), performance.now() - started) };
  } finally {
    await proc.stop('SIGKILL');
  }
}

/** The Node flags an npm script starts node with (`node <flags> --import tsx …`), so the benchmark measures what ships. */
function productionNodeFlags(script: 'worker' | 'api'): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(benchDir, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [, flags = ''] = /^node ((?:--[\w-]+=\S+ )*)--import tsx /.exec(scripts[script]) ?? [];
  return flags.split(' ').filter(Boolean);
}

/**
 * `npm run api` in its own process, as it ships: api/main.ts with the script's Node flags, PostgreSQL, a Temporal
 * connection, every middleware, open mode on 127.0.0.1 and the access log (its stdout) to /dev/null — except that the
 * per-client rate limit is set far above what the load test sends (one client address would otherwise get 429s after
 * its burst of 60).
 */
async function startApiServer(env: Record<string, string>, taskQueue: string, nodeArgs: string[]): Promise<ApiServer> {
  const port = await freePort();
  const api = spawnTs(path.join(benchDir, '..', 'api', 'main.ts'), [], {
    ...env, TEMPORAL_TASK_QUEUE: taskQueue, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info',
    TRAWL_RATE_LIMIT_PER_MINUTE: '100000000', TRAWL_RATE_LIMIT_BURST: '1000000',
  }, nodeArgs, { discardStdout: true });
  const stop = () => api.stop();
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/v1/healthz`).then((response) => response.ok, () => false))) {
    if (api.child.exitCode !== null) throw new Error(`the API exited (${api.child.exitCode}) before answering (its log went to /dev/null; try npm run api):\n${api.output().stderr}`);
    if (Date.now() > deadline) throw new Error(`the API did not answer within 60 s:\n${api.output().stderr}`);
    await sleep(200);
  }
  return { url, pid: api.pid, stop };
}

/** The samples of a V8 CPU profile taken between two CLOCK_MONOTONIC times (µs; process.hrtime's clock is V8's). */
function cropProfile(profile: { startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }, from: number, to: number) {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let time = profile.startTime;
  let last = from;
  for (let k = 0; k < profile.samples.length; k++) {
    time += profile.timeDeltas[k];
    if (time < from || time > to) continue;
    samples.push(profile.samples[k]);
    timeDeltas.push(time - last);
    last = time;
  }
  return { ...profile, startTime: from, endTime: to, samples, timeDeltas };
}

/**
 * CPU profiles of the API process under load: a separate API process runs under --cpu-prof while each target is
 * loaded once; its profile is cut into one file per target.
 */
async function profileApi(ctx: Context, env: Record<string, string>, taskQueue: string, nodeArgs: string[], targets: { name: string; file: string; options: (url: string) => Record<string, unknown> }[], resultsDir: string): Promise<ProfileSummary[]> {
  const dir = path.join(resultsDir, `api-profile-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const server = await startApiServer(env, taskQueue, [...nodeArgs, '--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '500']);
  const windows: { file: string; from: number; to: number }[] = [];
  try {
    for (const target of targets) {
      const from = Number(process.hrtime.bigint() / 1000n);
      await loadTest(ctx, target.options(server.url), server.pid);
      windows.push({ file: target.file, from, to: Number(process.hrtime.bigint() / 1000n) });
    }
  } finally {
    await server.stop();
  }
  // One profile per thread; the main thread's is <pid>.0.
  const main = readdirSync(dir).find((file) => file.includes(`.${server.pid}.0.`) && file.endsWith('.cpuprofile'));
  if (!main) throw new Error(`no CPU profile of the API in ${dir}`);
  const profile = JSON.parse(readFileSync(path.join(dir, main), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return windows.map(({ file, from, to }) => {
    const out = path.join(resultsDir, `${file}-${Date.now()}.cpuprofile`);
    writeFileSync(out, JSON.stringify(cropProfile(profile, from, to)));
    return summarizeProfile(out);
  });
}

async function apiScenario(ctx: Context, env: Record<string, string>, worker: TrawlWorker, fixture: Fixture, completedScrapeId: string, phaseDeadline: number, resultsDir: string) {
  const nodeArgs = productionNodeFlags('api');
  const server = await startApiServer(env, worker.taskQueue, nodeArgs);
  log(`api: npm run api (node ${[...nodeArgs, '--import tsx api/main.ts'].join(' ')}) listening on ${server.url}, pid ${server.pid}`);
  const bare = new Hono();
  bare.get('/ping', (c) => c.json({ ok: true }));
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const bareAddress = bareServer.address();
  const bareUrl = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`;
  const duration = Number(args['api-duration']);
  const postDuration = Number(args['post-duration']);
  const scrapePath = `/v1/scrapes/${completedScrapeId}`;
  const targets = [
    { name: 'bare Hono GET /ping (ceiling)', bare: true, options: { url: `${bareUrl}/ping`, duration, connections: 100 } },
    { name: 'GET /v1/healthz', options: { url: `${server.url}/v1/healthz`, duration, connections: 100 } },
    { name: 'GET /v1/scrapes/:id (completed)', options: { url: `${server.url}${scrapePath}`, duration, connections: 100 } },
    { name: 'bare Hono GET /ping, 10 conn.', bare: true, options: { url: `${bareUrl}/ping`, duration, connections: 10 } },
    { name: 'GET /v1/healthz, 10 conn.', options: { url: `${server.url}/v1/healthz`, duration, connections: 10 } },
    { name: 'GET /v1/scrapes/:id, 10 conn.', options: { url: `${server.url}${scrapePath}`, duration, connections: 10 } },
  ];
  const results: Record<string, ApiTargetResult[]> = {};
  const drains: { started: number; drainedMs: number; completed: number; cancelled: number }[] = [];
  let profiles: ProfileSummary[] = [];
  try {
    if (args.profile) {
      profiles = await profileApi(ctx, env, worker.taskQueue, nodeArgs, [
        { name: 'GET /v1/healthz', file: 'api-healthz', options: (url) => ({ url: `${url}/v1/healthz`, duration, connections: 100 }) },
        { name: 'GET /v1/scrapes/:id', file: 'api-get-scrape', options: (url) => ({ url: `${url}${scrapePath}`, duration, connections: 100 }) },
      ], resultsDir);
      log(`api: CPU profiles written to ${path.relative(process.cwd(), resultsDir)}/api-healthz-*.cpuprofile and api-get-scrape-*.cpuprofile`);
    }
    // A fresh process: one second of each API target first, so that the first iteration is not the JIT's warm-up.
    for (const target of targets.filter((t) => !t.bare)) await loadTest(ctx, { ...target.options, duration: 1 }, server.pid);
    for (let iteration = 0; iteration < RUNS; iteration++) {
      if (iteration > 0 && Date.now() + (targets.length * (duration + 1) + postDuration + 20) * 1000 > phaseDeadline) {
        log(`api: stopping after ${iteration} iteration(s) to stay within the time budget`);
        break;
      }
      for (const target of targets) {
        const result = await loadTest(ctx, target.options, target.bare ? undefined : server.pid);
        (results[target.name] ??= []).push(result);
        log(`api ${target.name.padEnd(32)} #${iteration + 1}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${round(result.requestsPerSecond, 0)} req/s, server CPU ${result.serverCpuUsPerRequest} µs/req (PostgreSQL ${result.cpuUsPerRequest.postgres}, load generator ${result.cpuUsPerRequest.load}), other load ${result.otherLoadPct} %, non-2xx ${result.non2xx}, errors ${result.errors}`);
      }
      // POST starts real workflows: short, then let the worker finish them (or cancel what is left).
      const postUrl = `${fixture.origin}/post-${iteration}-${suffix()}/p/1`;
      const name = 'POST /v1/scrapes (starts a workflow)';
      const result = await loadTest(ctx, {
        connections: 100, duration: postDuration, url: `${server.url}/v1/scrapes`, method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: postUrl, maxPages: 1, summarize: { enabled: false } }),
      }, server.pid);
      (results[name] ??= []).push(result);
      log(`api ${name.padEnd(32)} #${iteration + 1}: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${round(result.requestsPerSecond, 0)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}`);
      drains.push(await drainPostedScrapes(ctx, postUrl));
    }
  } finally {
    await server.stop();
    bareServer.close();
  }
  const summary = Object.fromEntries(Object.entries(results).map(([name, list]) => [name, {
    p50Ms: median(list.map((r) => r.p50Ms)), p99Ms: median(list.map((r) => r.p99Ms)),
    requestsPerSecond: round(median(list.map((r) => r.requestsPerSecond)), 0),
    serverCpuUsPerRequest: round(median(list.map((r) => r.serverCpuUsPerRequest)), 1),
    postgresCpuUsPerRequest: round(median(list.map((r) => r.cpuUsPerRequest.postgres)), 1), otherLoadPct: median(list.map((r) => r.otherLoadPct)),
    non2xx: list.reduce((sum, r) => sum + r.non2xx, 0), errors: list.reduce((sum, r) => sum + r.errors + r.timeouts, 0), runs: list.length,
  }]));
  return { durationS: duration, postDurationS: postDuration, nodeArgs, results, summary, drains, profiles };
}

/** Waits (bounded) for the scrapes a POST load test started to finish; cancels whatever is still live after that. */
async function drainPostedScrapes(ctx: Context, url: string) {
  const started = Date.now();
  const live = async () => ctx.sql<{ workflow_id: string }[]>`
    select s.workflow_id from scrapes s join runs r on r.scrape_id = s.id where s.url = ${url} and r.status in ('queued', 'running')`;
  let remaining = await live();
  while (remaining.length > 0 && Date.now() - started < 120_000) {
    await sleep(500);
    remaining = await live();
  }
  const drainedMs = Date.now() - started;
  for (const { workflow_id: workflowId } of remaining.slice(0, 5_000)) {
    await ctx.client.workflow.getHandle(workflowId).cancel().catch(() => undefined);
  }
  const [{ total, completed }] = await ctx.sql<{ total: number; completed: number }[]>`
    select count(*)::int as total, (count(*) filter (where r.status = 'completed'))::int as completed
    from scrapes s join runs r on r.scrape_id = s.id where s.url = ${url}`;
  log(`api POST: ${total} workflows started, ${completed} completed ${remaining.length ? `, ${remaining.length} cancelled after` : 'within'} ${(drainedMs / 1000).toFixed(1)} s`);
  return { started: total, drainedMs, completed, cancelled: remaining.length };
}

/** One fast crawl by a worker running under --cpu-prof; the profile summarised by area and function. */
async function profileRun(ctx: Context, env: Record<string, string>, fixture: Fixture, resultsDir: string, concurrency: number) {
  const dir = path.join(resultsDir, `profile-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const worker = await startWorker(env, concurrency, 'bench-profile', ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '500']);
  const result = await trawlCrawl(ctx, worker, fixture, 0);
  await worker.proc.stop('SIGTERM', 30_000);
  const profiles: ProfileSummary[] = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => summarizeProfile(path.join(dir, file)));
  return { dir, crawl: result, profiles };
}

/**
 * The crawls' `POST /v1/scrapes`, in this process: the API as api/main.ts builds it (open mode on 127.0.0.1, access
 * log, metrics, every middleware), except that the per-client rate limit is raised and the access log goes to /dev/null.
 */
function createBenchApp(taskQueue: string, retryInitialInterval: string): App {
  const config = parseConfig({ HOST: '127.0.0.1', TRAWL_RATE_LIMIT_PER_MINUTE: '100000000', TRAWL_RATE_LIMIT_BURST: '1000000' });
  return createApp({
    db: databaseHandle.db, temporal: temporalClient, taskQueue, allowedHosts: ['127.0.0.1'], allowedPorts: [], ignoreRobotsHosts: [],
    retryInitialInterval, access: accessOptionsFromConfig(config), logger: accessLog,
  });
}
const accessLog = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));

let bundlePath = '';
let databaseHandle: DatabaseHandle;
let temporalClient: Client;

async function startWorker(env: Record<string, string>, concurrency: number, taskQueue: string, nodeArgs: string[] = []): Promise<TrawlWorker> {
  const proc = spawnTs(path.join(benchDir, 'trawl-worker.ts'), [], {
    ...env, TEMPORAL_TASK_QUEUE: taskQueue, TRAWL_HOST_CONCURRENCY: String(concurrency), BENCH_WORKFLOW_BUNDLE: bundlePath,
  }, nodeArgs);
  cleanups.push(() => proc.stop());
  await waitForLine(proc, /READY/, 120_000, `worker c${concurrency}`);
  return { concurrency, taskQueue, proc, app: createBenchApp(taskQueue, env.TRAWL_RETRY_INITIAL_INTERVAL) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------------

async function main() {
  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const host = machine();
  log(`machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB, load ${host.loadAverage.join(' ')}, Node ${host.node}`);

  const waitQuietS = Number(args['wait-quiet-s']);
  if (waitQuietS > 0) await waitForQuietMachine(waitQuietS);

  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI found: run `npm run temporal:install` first');
  const [database, server, bundle] = await Promise.all([
    createDatabase(),
    startDevServer({ cliPath }).then((devServer: DevServer) => {
      cleanups.push(() => devServer.stop());
      return devServer;
    }),
    bundleWorkflowCode({ workflowsPath, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never }),
  ]);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'trawl-bench-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  bundlePath = path.join(scratch, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  databaseHandle = await openDatabase({ url: database.url });
  cleanups.push(() => databaseHandle.close());
  await databaseHandle.migrate();
  // Experiments only: SQL run after the migrations (e.g. a storage setting the product does not have yet).
  if (args['setup-sql']) await postgresExec(database.url, args['setup-sql']);
  // As api/main.ts connects: this process also serves the API scenario's bare Hono route.
  const connection = await TemporalConnection.connect({ address: server.address });
  cleanups.push(() => connection.close());
  temporalClient = new Client({ connection });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const temporalPid = childPidsMatching(/server start-dev/)[0];
  const ctx: Context = { client: temporalClient, sql, databaseName: database.name, temporalPid, otherBenchPids: [] };
  log(`Temporal dev server ${server.address} (pid ${temporalPid ?? '?'}), database ${database.name}`);

  const env = {
    DATABASE_URL: database.url, TEMPORAL_ADDRESS: server.address, TRAWL_ALLOWED_HOSTS: '127.0.0.1', LOG_LEVEL: 'warn',
    TRAWL_RETRY_INITIAL_INTERVAL: '1s',
  };
  const slowLatency = args['slow-latency']!;
  const [fast, slow] = await Promise.all([
    startFixture('fast', FAST_PRODUCTS, '0'),
    ONLY.has('slow') ? startFixture('slow', SLOW_PRODUCTS, slowLatency) : Promise.resolve(undefined),
  ]);
  const workerNodeArgs = args['worker-node-args'] ? args['worker-node-args'].split(' ').filter(Boolean) : productionNodeFlags('worker');
  const workers = await Promise.all(TRAWL_CONCURRENCIES.map((c) => startWorker(env, c, `bench-c${c}`, workerNodeArgs)));
  ctx.otherBenchPids.push(...workers.map((worker) => worker.proc.pid), ...[fast, slow].flatMap((fixture) => (fixture ? [fixture.proc.pid] : [])));
  await sleep(2_000);
  const workerIdleMemory = Object.fromEntries(workers.map((worker) => [`trawl-c${worker.concurrency}`, memoryOf(worker.proc.pid)]));
  log(`fixtures and ${workers.length} worker(s) ready (set-up ${elapsed().trim()})`);

  const results: Record<string, unknown> = {
    startedAt: new Date(startedAt).toISOString(), machine: host,
    options: { runs: RUNS, workerNodeArgs, setupSql: args['setup-sql'] || undefined, peerConcurrency: PEER_CONCURRENCY, trawlConcurrency: TRAWL_CONCURRENCIES, fastProducts: FAST_PRODUCTS, slowProducts: SLOW_PRODUCTS, slowLatency },
    temporalCli: cliPath,
  };
  if (ONLY.has('costs')) {
    const proc = spawnTs(path.join(benchDir, 'page-costs.ts'), [fast.origin]);
    try {
      const [, json] = await waitForLine(proc, /RESULT (.*)\n/, 120_000, 'page costs');
      results.pageCosts = JSON.parse(json);
      log('per-page CPU costs measured');
    } finally {
      await proc.stop('SIGKILL');
    }
  }
  // Time budget: fast crawls get about half of what is left, slow crawls and the API the rest.
  const share = (fraction: number) => Date.now() + (deadline - Date.now()) * fraction;
  let completedScrapeId: string | undefined;
  if (ONLY.has('fast')) {
    const scenario = await crawlScenario('fast', ctx, fast, '0', workers, share(ONLY.has('slow') ? 0.6 : 0.85));
    results.fast = scenario;
    completedScrapeId = Object.values(scenario.runs).flat().find((run) => run.scrapeId && !run.error)?.scrapeId;
  }
  if (ONLY.has('slow') && slow) results.slow = await crawlScenario('slow', ctx, slow, slowLatency, workers, share(ONLY.has('api') ? 0.75 : 1));
  if (args.profile) {
    results.profile = await profileRun(ctx, env, fast, resultsDir, workers[workers.length - 1].concurrency);
    log(`profile written to ${(results.profile as { dir: string }).dir}`);
  }
  if (ONLY.has('api')) {
    if (!completedScrapeId) completedScrapeId = (await trawlCrawl(ctx, workers[workers.length - 1], fast, 0)).scrapeId;
    results.api = await apiScenario(ctx, env, workers[workers.length - 1], fast, completedScrapeId!, deadline + 30_000, resultsDir);
  }
  const workerMemory = Object.fromEntries(workers.map((worker) => [`trawl-c${worker.concurrency}`, memoryOf(worker.proc.pid)]));
  results.workerMemoryAtEnd = workerMemory;
  results.workerMemoryIdle = workerIdleMemory;
  for (const worker of workers) results[`workerStats-c${worker.concurrency}`] = await ask(worker.proc, { type: 'stats' }).catch(() => null);
  results.finishedAt = new Date().toISOString();
  results.totalSeconds = Math.round((Date.now() - startedAt) / 1000);

  const file = path.join(resultsDir, `bench-${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  printReport(results);
  log(`raw results: ${path.relative(process.cwd(), file)}`);
}

/** Waits (bounded) until processes outside the benchmark use under 15 % of the machine over 3 s. */
async function waitForQuietMachine(maxSeconds: number): Promise<void> {
  const until = Date.now() + maxSeconds * 1000;
  for (;;) {
    const before = machineBusyMs();
    const mine = process.cpuUsage();
    await sleep(3_000);
    const used = process.cpuUsage(mine);
    const busyPct = loadPct(machineBusyMs() - before - (used.user + used.system) / 1000, 3_000);
    if (busyPct < 15) {
      log(`machine quiet (${busyPct} % busy)`);
      return;
    }
    if (Date.now() > until) {
      log(`machine still ${busyPct} % busy after ${maxSeconds} s: measuring anyway (see "other load %")`);
      return;
    }
    log(`waiting for a quiet machine: ${busyPct} % busy`);
  }
}

function printReport(results: Record<string, any>) {
  if (results.pageCosts) {
    const rows = Object.entries(results.pageCosts.msPerPage as Record<string, number>).map(([step, ms]) => [step, ms]);
    process.stdout.write(`${table(`CPU per page, one thread (fixture pages of ${results.pageCosts.pageKb} KB)`, ['step', 'ms/page'], rows)}\n`);
  }
  for (const name of ['fast', 'slow'] as const) {
    const scenario = results[name] as ScenarioResult | undefined;
    if (!scenario) continue;
    const title = `Crawl throughput, ${name} site: ${scenario.fixture.pages} pages, latency ${scenario.fixture.latency} ms, ` +
      `${scenario.iterations} iteration(s), medians (min–max)`;
    const rows = Object.entries(scenario.summary).map(([crawler, s]) => [
      crawler, round(s.pagesPerSecond.median), `${s.pagesPerSecond.min}–${s.pagesPerSecond.max}`, round(s.wallMs / 1000, 1), round(s.cpuMsPerPage),
      s.peakRssMb, s.historyBytesPerPage === undefined ? '' : Math.round(s.historyBytesPerPage), s.historyEvents === undefined ? '' : Math.round(s.historyEvents),
      Math.round(s.otherLoadPct),
    ]);
    process.stdout.write(`${table(title, ['crawler', 'pages/s', 'range', 'wall s', 'CPU ms/page', 'peak RSS MB', 'history B/page', 'events', 'other load %'], rows)}\n`);
    const ratioRows = Object.entries(scenario.ratios).map(([ratio, s]) => [ratio, round(s.median, 2), `${s.min}–${s.max}`]);
    process.stdout.write(`${table('Ratios (per iteration, median)', ['ratio', 'median', 'range'], ratioRows)}\n`);
    const breakdown = Object.entries(scenario.runs).filter(([crawler]) => crawler.startsWith('trawl')).map(([crawler, runs]) => {
      const ok = runs.filter((run) => run.history);
      const act = (type: string) => round(median(ok.map((run) => run.history!.activities[type]?.executionMs ?? NaN)) / 1000, 1);
      return [crawler, round(median(ok.map((r) => r.wallMs)) / 1000, 1), act('fetchBatch'), act('parseBatch'), act('validateBatch'),
        round(median(ok.map((run) => run.history!.orchestrationMs)) / 1000, 1),
        ...['worker', 'postgres', 'temporal', 'fixture'].map((part) => Math.round(median(ok.map((run) => run.cpuMs[part]))))];
    });
    process.stdout.write(`${table('Where Trawl spends its time (medians; activity times from the workflow history, CPU ms from /proc)',
      ['crawler', 'wall s', 'fetch s', 'parse s', 'validate s', 'between s', 'worker CPU', 'postgres CPU', 'temporal CPU', 'fixture CPU'], breakdown)}\n`);
  }
  if (results.api) {
    const rows = Object.entries(results.api.summary as Record<string, any>).map(([target, s]) => [
      target, round(s.p50Ms), round(s.p99Ms), s.requestsPerSecond, s.serverCpuUsPerRequest, s.postgresCpuUsPerRequest, s.otherLoadPct, s.non2xx, s.errors, s.runs,
    ]);
    const title = `API latency (medians; 100 connections unless stated; server: node ${[...results.api.nodeArgs, '--import tsx api/main.ts'].join(' ')})`;
    process.stdout.write(`${table(title, ['target', 'p50 ms', 'p99 ms', 'req/s', 'server CPU µs/req', 'PostgreSQL µs/req', 'other load %', 'non-2xx', 'errors', 'runs'], rows)}\n`);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);
