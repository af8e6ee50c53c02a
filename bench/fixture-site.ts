/**
 * The benchmark's website, run as its own process (`node --import tsx bench/fixture-site.ts`) so that serving pages
 * gets its own core instead of competing with the crawler under test.
 *
 *   /<tag>/          catalogue linking every product page (relative links, so any <tag> is a fresh site)
 *   /<tag>/p/<i>     product i (1 … pages): 30–60 KB of HTML with a title, a `.price`, JSON-LD and links to four
 *                    other products and back to the catalogue
 *   /robots.txt      404 (crawl everything)
 *   /__stats         requests served, peak and mean requests in flight, CPU time of this process (JSON)
 *   /__reset         zeroes those counters
 *
 * Every page is rendered and gzip-compressed once at start-up, so serving costs a table lookup and a write; gzip is
 * sent to clients that accept it, as a real site would. A run uses a new <tag> so that no crawler (and no HTTP cache)
 * has seen its URLs before.
 *
 * Options (argv): --pages N (default 999) --latency MIN-MAX or --latency MS (default 0; per page, deterministic)
 * --port P (default 0 = any). Prints `READY <port>` on stdout once listening.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '999' },
    latency: { type: 'string', default: '0' },
    port: { type: 'string', default: '0' },
  },
});
const pageCount = Number(values.pages);
const [latencyMin, latencyMax] = values.latency!.includes('-') ? values.latency!.split('-').map(Number) : [Number(values.latency), Number(values.latency)];
if (!Number.isInteger(pageCount) || pageCount < 1) throw new Error('--pages must be a positive integer');

/** Deterministic pseudo-random numbers (mulberry32), so every run serves byte-identical pages. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'anchor basket cable drawer enamel fabric garden handle indigo jacket kettle lantern marble needle orchard pillow quartz ' +
  'ribbon saddle timber umbrella velvet walnut yarn zephyr sturdy polished gentle durable compact elegant rugged vivid ' +
  'crafted assembled tested shipped warranty material finish colour weight length width height pattern texture surface ' +
  'the a of and to in with for on by from at as is it that this which each every some more most other into over under'
).split(' ');

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let k = 0; k < words; k++) out.push(WORDS[Math.floor(random() * WORDS.length)]);
  const text = out.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number): string {
  const sentences = 3 + Math.floor(random() * 4);
  return Array.from({ length: sentences }, () => sentence(random, 8 + Math.floor(random() * 12))).join(' ');
}

const price = (i: number) => (9.99 + ((i * 37) % 500) + (i % 100) / 100).toFixed(2);

/** Four other products, spread over the site, so a crawl meets most URLs several times. */
function neighbours(i: number): number[] {
  const wrap = (n: number) => ((((n - 1) % pageCount) + pageCount) % pageCount) + 1;
  return [...new Set([wrap(i + 1), wrap(i - 1), wrap(i * 7 + 3), wrap(i + Math.floor(pageCount / 2))])].filter((n) => n !== i);
}

function productPage(i: number): string {
  const random = prng(i * 2654435761);
  const target = 30_000 + ((i * 7919) % 30_000); // 30–60 KB
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org', '@type': 'Product', name: `Product ${i}`, sku: `SKU-${String(i).padStart(6, '0')}`,
    description: sentence(random, 20),
    brand: { '@type': 'Brand', name: `Maker ${i % 17}` },
    offers: { '@type': 'Offer', price: price(i), priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    aggregateRating: { '@type': 'AggregateRating', ratingValue: (3 + (i % 20) / 10).toFixed(1), reviewCount: 5 + (i % 40) },
  });
  const related = neighbours(i).map((n) => `<li><a href="${n}">Product ${n}</a></li>`).join('');
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Product ${i} | Fixture Shop</title>
<meta name="description" content="Product ${i}, ${sentence(random, 10)}"><meta property="og:title" content="Product ${i}">
<meta property="og:type" content="product"><link rel="canonical" href="${i}">
<script type="application/ld+json">${jsonLd}</script><style>body{font-family:sans-serif}.price{font-weight:bold}</style></head>
<body><header><nav><a href="../">Catalogue</a> <a href="../">Home</a></nav></header>
<main><article class="product"><h1 class="name">Product ${i}</h1><p class="price">€${price(i)}</p>
<p class="lead">${paragraph(random)}</p><table class="specs"><tbody>`;
  const specs = Array.from({ length: 12 }, (_, k) => `<tr><th>${WORDS[(i + k) % WORDS.length]}</th><td>${sentence(random, 3)}</td></tr>`).join('');
  let body = `${head}${specs}</tbody></table><section class="description"><h2>Description</h2>`;
  const tail = `</section></article><aside><h2>Related products</h2><ul>${related}</ul></aside></main>
<footer><p>Fixture Shop, a benchmark site.</p><a href="../">Back to the catalogue</a></footer></body></html>`;
  for (let n = 1; body.length + tail.length < target; n++) {
    body += n % 4 === 0 ? `<h3>Review ${n / 4}</h3><p class="review">${paragraph(random)}</p>` : `<p>${paragraph(random)}</p>`;
  }
  return body + tail;
}

function cataloguePage(): string {
  const items = Array.from({ length: pageCount }, (_, k) => `<li class="item"><a href="p/${k + 1}">Product ${k + 1}</a> <span>€${price(k + 1)}</span></li>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Catalogue | Fixture Shop</title>
<meta name="description" content="All ${pageCount} products"></head><body><header><nav><a href="./">Catalogue</a></nav></header>
<main><h1>Catalogue</h1><ul class="products">${items}</ul></main><footer>Fixture Shop</footer></body></html>`;
}

interface Rendered { identity: Buffer; gzip: Buffer }
const render = (html: string): Rendered => {
  const identity = Buffer.from(html);
  return { identity, gzip: gzipSync(identity, { level: 6 }) };
};

const started = performance.now();
const catalogue = render(cataloguePage());
const products: Rendered[] = [catalogue]; // index 0 unused
for (let i = 1; i <= pageCount; i++) products.push(render(productPage(i)));
const renderMs = performance.now() - started;
const totalBytes = products.slice(1).reduce((sum, page) => sum + page.identity.length, 0);

const latencyOf = (key: number) => latencyMin + (latencyMax > latencyMin ? (key * 7919) % (latencyMax - latencyMin + 1) : 0);

// Stats: requests served, and requests in flight integrated over time (mean concurrency = busy integral / window).
let served = 0;
let inFlight = 0;
let maxInFlight = 0;
let integral = 0;
let lastChange = performance.now();
let windowStart = performance.now();
let cpuAtReset = process.cpuUsage();
const bump = (delta: number) => {
  const now = performance.now();
  integral += inFlight * (now - lastChange);
  lastChange = now;
  inFlight += delta;
  maxInFlight = Math.max(maxInFlight, inFlight);
};

function send(res: ServerResponse, status: number, page: Rendered | string, acceptsGzip: boolean, type = 'text/html; charset=utf-8') {
  if (typeof page === 'string') {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(page) });
    res.end(page);
    return;
  }
  const body = acceptsGzip ? page.gzip : page.identity;
  res.writeHead(status, {
    'content-type': type, 'content-length': body.length, 'cache-control': 'no-store',
    ...(acceptsGzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
  });
  res.end(body);
}

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0].split('#')[0];
  if (path === '/__stats') {
    const now = performance.now();
    const cpu = process.cpuUsage(cpuAtReset);
    const windowMs = now - windowStart;
    send(res, 200, JSON.stringify({
      served, maxInFlight, meanInFlight: windowMs > 0 ? (integral + inFlight * (now - lastChange)) / windowMs : 0, windowMs,
      cpuMs: (cpu.user + cpu.system) / 1000, pages: pageCount, totalBytes, renderMs,
    }), false, 'application/json');
    return;
  }
  if (path === '/__reset') {
    served = 0;
    maxInFlight = inFlight;
    integral = 0;
    lastChange = windowStart = performance.now();
    cpuAtReset = process.cpuUsage();
    send(res, 204, '', false);
    return;
  }
  served++;
  bump(1);
  res.once('close', () => bump(-1));
  const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const match = /^\/[A-Za-z0-9_-]+\/(?:p\/(\d+))?$/.exec(path);
  const index = match ? (match[1] === undefined ? 0 : Number(match[1])) : -1;
  const answer = () => {
    if (index === 0) return send(res, 200, catalogue, acceptsGzip);
    if (index >= 1 && index <= pageCount) return send(res, 200, products[index], acceptsGzip);
    send(res, 404, '<html><body>not found</body></html>', false);
  };
  const delay = index >= 0 ? latencyOf(index) : 0;
  if (delay > 0) setTimeout(answer, delay);
  else answer();
});
server.keepAliveTimeout = 10_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`READY ${port}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
