/**
 * The ceiling: a plain undici + cheerio loop with no storage and no orchestration, in its own process.
 * `node --import tsx bench/crawl-plain.ts --url U [--max-pages N] [--max-depth D] [--concurrency C]`
 *
 * C workers take URLs from an in-memory queue; each GETs with `accept-encoding: gzip` over a keep-alive pool of C
 * connections, gunzips, parses with cheerio, extracts title, price and JSON-LD (as the Crawlee crawler does) and,
 * above maxDepth, queues the page's same-host links. Prints `RESULT <json>` on stdout.
 */
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { load } from 'cheerio';
import { Agent, request } from 'undici';
import { parseCrawlArgs } from './lib/crawl-args';
import { linksOf, productFields, type CheerioLike } from './lib/product-fields';

const gunzipAsync = promisify(gunzip);
const { url: startUrl, maxPages, maxDepth, concurrency } = parseCrawlArgs();
const host = new URL(startUrl).host;
const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });

const queue: { url: string; depth: number }[] = [{ url: startUrl, depth: 0 }];
const seen = new Set([startUrl]);
const results: { url: string; title: string; price: number | null; jsonLd: unknown[] }[] = [];
let failed = 0;
let bytes = 0;
let active = 0;
/** Workers waiting for the queue to grow or the crawl to end. */
const waiters: (() => void)[] = [];

async function crawl(url: string, depth: number): Promise<void> {
  const response = await request(url, { dispatcher, headers: { 'accept-encoding': 'gzip', 'user-agent': 'bench-plain' }, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const raw = Buffer.from(await response.body.arrayBuffer());
  if (response.statusCode !== 200) {
    failed++;
    return;
  }
  const body = response.headers['content-encoding'] === 'gzip' ? await gunzipAsync(raw) : raw;
  bytes += body.length;
  const $ = load(body.toString('utf8'));
  results.push({ url, ...productFields($ as unknown as CheerioLike) });
  if (depth >= maxDepth) return;
  for (const link of linksOf($ as unknown as CheerioLike, url)) {
    if (seen.size >= maxPages) break;
    if (new URL(link).host !== host || seen.has(link)) continue;
    seen.add(link);
    queue.push({ url: link, depth: depth + 1 });
  }
}

async function worker(): Promise<void> {
  for (;;) {
    const next = queue.shift();
    if (!next) {
      if (active === 0) break;
      await new Promise<void>((resolve) => waiters.push(resolve));
      continue;
    }
    active++;
    try {
      await crawl(next.url, next.depth);
    } catch {
      failed++;
    } finally {
      active--;
      for (const waiting of waiters.splice(0)) waiting();
    }
  }
  for (const waiting of waiters.splice(0)) waiting();
}

const cpuAtStart = process.cpuUsage();
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const wallMs = performance.now() - started;
await dispatcher.close();
const status = readFileSync('/proc/self/status', 'utf8');
const cpu = process.cpuUsage();
process.stdout.write(`RESULT ${JSON.stringify({
  pages: results.length,
  failed,
  wallMs,
  pagesPerSecond: results.length / (wallMs / 1000),
  withPrice: results.filter((r) => r.price !== null).length,
  withJsonLd: results.filter((r) => r.jsonLd.length > 0).length,
  bodyMb: bytes / 1024 / 1024,
  peakRssMb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024,
  cpuMs: (cpu.user + cpu.system) / 1000,
  crawlCpuMs: (cpu.user + cpu.system - cpuAtStart.user - cpuAtStart.system) / 1000,
  concurrency,
})}\n`);
process.exit(0);
