/**
 * One Crawlee `CheerioCrawler` crawl, in its own process: `node --import tsx bench/crawl-crawlee.ts --url U
 * --storage memory|default [--max-pages N] [--max-depth D] [--concurrency C]`.
 *
 * `memory`: a Configuration with persistStorage: false (request queue and dataset only in memory).
 * `default`: Crawlee's default storage, which persists the request queue and dataset as files under
 * CRAWLEE_STORAGE_DIR (the caller points it at a temporary directory).
 * `--concurrency C` fixes the pool at C (minConcurrency = maxConcurrency = C); 0 keeps Crawlee's autoscaling (which
 * starts at 1 and grows by 5 % every 10 s while the system is idle).
 *
 * Prints `RESULT <json>` on stdout: pages, wall time, pages/s, what was extracted, peak RSS of this process.
 */
import { readFileSync } from 'node:fs';
import { CheerioCrawler, Configuration, EnqueueStrategy, log, LogLevel } from 'crawlee';
import { parseCrawlArgs } from './lib/crawl-args';
import { productFields, type CheerioLike } from './lib/product-fields';

const { url: startUrl, maxPages, maxDepth, concurrency, values } = parseCrawlArgs({ storage: { type: 'string', default: 'memory' } });
log.setLevel(LogLevel.ERROR);

const config = values.storage === 'memory' ? new Configuration({ persistStorage: false }) : Configuration.getGlobalConfig();
let withPrice = 0;
let withJsonLd = 0;
let bytes = 0;
const crawler = new CheerioCrawler({
  maxRequestsPerCrawl: maxPages,
  ...(concurrency > 0 ? { minConcurrency: concurrency, maxConcurrency: concurrency } : {}),
  async requestHandler({ $, body, request, enqueueLinks, pushData }) {
    const depth = (request.userData.depth as number | undefined) ?? 0;
    const fields = productFields($ as unknown as CheerioLike);
    bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (fields.price !== null) withPrice++;
    if (fields.jsonLd.length > 0) withJsonLd++;
    await pushData({ url: request.loadedUrl ?? request.url, ...fields });
    if (depth < maxDepth) await enqueueLinks({ strategy: EnqueueStrategy.SameHostname, userData: { depth: depth + 1 } });
  },
}, config);

const cpuAtStart = process.cpuUsage();
const started = performance.now();
const stats = await crawler.run([{ url: startUrl, userData: { depth: 0 } }]);
const wallMs = performance.now() - started;
const status = readFileSync('/proc/self/status', 'utf8');
const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
const cpu = process.cpuUsage();
const result = {
  pages: stats.requestsFinished,
  failed: stats.requestsFailed,
  wallMs,
  pagesPerSecond: stats.requestsFinished / (wallMs / 1000),
  withPrice,
  withJsonLd,
  bodyMb: bytes / 1024 / 1024,
  peakRssMb,
  cpuMs: (cpu.user + cpu.system) / 1000,
  crawlCpuMs: (cpu.user + cpu.system - cpuAtStart.user - cpuAtStart.system) / 1000,
  concurrency: concurrency > 0 ? concurrency : 'autoscaled',
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
