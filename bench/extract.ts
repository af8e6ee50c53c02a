/**
 * Extraction speed: median ms per page of extractPage beside a plain cheerio.load of the same pages.
 *
 *   npx tsx bench/extract.ts [--rounds 7] [--pages 24] [--size 50]
 *
 * Two page sets: generated news pages of about --size KB (navigation, article, ads, related stories, comments,
 * sidebar, footer, inline scripts, JSON-LD), and the hand-written evaluation corpus as it is (5–15 KB each).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load } from 'cheerio';
import { extractPage } from '../lib/extract';

interface Page {
  url: string;
  html: string;
}

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    pages: { type: 'string', default: '24' },
    size: { type: 'string', default: '50' },
  },
});
const ROUNDS = Number(values.rounds);
const PAGE_COUNT = Number(values.pages);
const TARGET_BYTES = Number(values.size) * 1024;

/** Deterministic PRNG (mulberry32), so every run measures the same pages. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'harbour council market traders plan building water street winter morning residents money project station vote ' +
  'report village ferry island weather people public local shop school bridge road rail night summer spring work ' +
  'family garden library river coast museum festival season year week month city town north south east west hall'
).split(' ');

function generatePage(seed: number): Page {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const words = (count: number) => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const text = words(8 + Math.floor(next() * 14));
    return `${text[0].toUpperCase()}${text.slice(1)}, ${words(4 + Math.floor(next() * 6))}.`;
  };
  const paragraph = () => {
    const parts = Array.from({ length: 2 + Math.floor(next() * 4) }, sentence);
    if (next() < 0.3) parts[1] = `<a href="/news/${words(3).replace(/ /g, '-')}">${parts[1]}</a>`;
    if (next() < 0.2) parts[0] = `<strong>${parts[0]}</strong>`;
    return `<p>${parts.join(' ')}</p>`;
  };
  const linkList = (count: number, prefix: string) =>
    `<ul>${Array.from({ length: count }, () => `<li><a href="/${prefix}/${words(3).replace(/ /g, '-')}">${words(4)}</a></li>`).join('')}</ul>`;
  const title = words(8);
  const head = `<head><meta charset="utf-8"><title>${title} | The Example Gazette</title>
    <meta name="description" content="${sentence()}"><meta property="og:title" content="${title}">
    <meta property="og:site_name" content="The Example Gazette"><meta property="article:published_time" content="2024-03-12T07:45:00Z">
    <script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, author: { '@type': 'Person', name: 'A. Writer' }, datePublished: '2024-03-12' })}</script>
    <script>window.dataLayer=[];${Array.from({ length: 40 }, (_, i) => `dataLayer.push({event:'e${i}',value:${i}});`).join('')}</script>
    <style>${Array.from({ length: 60 }, (_, i) => `.c${i}{margin:${i}px;padding:${i % 7}px}`).join('')}</style></head>`;

  const top = `<header class="site-header"><a href="/" class="logo">The Example Gazette</a><nav>${linkList(12, 'section')}</nav></header>
    <div class="ad-slot"><span>Advertisement</span></div>`;
  const bottom = `<section class="related-stories"><h2>More stories</h2>${Array.from({ length: 8 }, () => `<article class="card"><a href="/n/${words(2).replace(/ /g, '-')}"><h3>${words(7)}</h3></a><p>${sentence()}</p></article>`).join('')}</section>
    <section class="comments"><h2>Comments</h2>${Array.from({ length: 8 }, () => `<div class="comment"><b>${words(2)}</b><p>${sentence()} ${sentence()}</p></div>`).join('')}</section>`;
  const sidebar = `<aside class="sidebar"><h3>Most read</h3>${linkList(10, 'popular')}<div class="ad-slot">Advertisement</div></aside>`;
  const footer = `<footer class="site-footer">${linkList(30, 'footer')}<p>© 2024 Example Media Ltd.</p></footer>`;

  const body: string[] = [`<h1>${title}</h1><p class="standfirst">${sentence()}</p><p class="byline">By A. Writer</p>`];
  let size = head.length + top.length + bottom.length + sidebar.length + footer.length;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const block =
      i % 9 === 8 ? `<h2>${words(5)}</h2>`
      : i % 13 === 12 ? `<ul>${Array.from({ length: 4 }, () => `<li>${sentence()}</li>`).join('')}</ul>`
      : i % 17 === 16 ? `<div class="ad-slot"><span>Advertisement</span></div>`
      : i % 23 === 22 ? `<table><tr><th>Item</th><th>Value</th></tr>${Array.from({ length: 4 }, () => `<tr><td>${words(2)}</td><td>${Math.floor(next() * 1000)}</td></tr>`).join('')}</table>`
      : paragraph();
    body.push(block);
    size += block.length;
  }
  const html = `<!doctype html><html lang="en">${head}<body>${top}<main><div class="layout"><article class="story"><div class="story-body">${body.join('\n')}</div></article>${bottom}</div>${sidebar}</main>${footer}</body></html>`;
  return { url: `https://news.example/story/${seed}`, html };
}

function corpusPages(): Page[] {
  const directory = fileURLToPath(new URL('../test/fixtures/extraction-corpus/', import.meta.url));
  return readdirSync(directory)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => ({ url: `https://corpus.example/${file.replace(/\.html$/, '')}`, html: readFileSync(`${directory}${file}`, 'utf8') }));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall-clock and CPU milliseconds per page. CPU time is what the work costs when the machine is shared. */
function timePerPage(pages: Page[], run: (page: Page) => unknown): Timing[] {
  return pages.map((page) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    run(page);
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    return { wall, cpu: (cpu.user + cpu.system) / 1000 };
  });
}

interface RoundResult {
  parse: Timing;
  extract: Timing;
}

const medianTiming = (timings: Timing[]): Timing => ({ wall: median(timings.map((t) => t.wall)), cpu: median(timings.map((t) => t.cpu)) });

function benchmark(name: string, pages: Page[]): void {
  const kilobytes = median(pages.map((page) => Buffer.byteLength(page.html) / 1024));
  console.log(`\n${name}: ${pages.length} pages, median ${kilobytes.toFixed(1)} KB, ${ROUNDS} rounds after a warm-up round`);
  const parseOnly = (page: Page) => load(page.html);
  const extract = (page: Page) => extractPage(page.html, page.url);
  timePerPage(pages, parseOnly);
  timePerPage(pages, extract);

  const rounds: RoundResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order so neither side always runs on a warmer heap.
    const parseFirst = round % 2 === 1;
    const first = timePerPage(pages, parseFirst ? parseOnly : extract);
    const second = timePerPage(pages, parseFirst ? extract : parseOnly);
    rounds.push({ parse: medianTiming(parseFirst ? first : second), extract: medianTiming(parseFirst ? second : first) });
  }

  const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;
  const line = (label: string, { parse, extract: extracted }: RoundResult) =>
    console.log(
      `${label.padStart(6)}  ${ms(parse.wall)} ${ms(extracted.wall)} ${(extracted.wall / parse.wall).toFixed(2).padStart(6)}×` +
        `   ${ms(parse.cpu)} ${ms(extracted.cpu)} ${(extracted.cpu / parse.cpu).toFixed(2).padStart(6)}×`,
    );
  console.log('         ------------ wall clock ------------   -------------- CPU time --------------');
  console.log(' round     cheerio.load  extractPage   ratio     cheerio.load  extractPage   ratio');
  rounds.forEach((round, index) => line(String(index + 1), round));
  const across = (pick: (round: RoundResult) => Timing) => medianTiming(rounds.map(pick));
  line('median', { parse: across((round) => round.parse), extract: across((round) => round.extract) });
  const best = (pick: (round: RoundResult) => Timing) => ({
    wall: Math.min(...rounds.map((round) => pick(round).wall)),
    cpu: Math.min(...rounds.map((round) => pick(round).cpu)),
  });
  line('best', { parse: best((round) => round.parse), extract: best((round) => round.extract) });
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`Node ${process.version}; cheerio.load = parse only, extractPage includes its own cheerio.load.`);
console.log(`Per-page medians of each round. Load average before: ${loadAverage()}`);
benchmark(`Generated news pages (~${values.size} KB)`, Array.from({ length: PAGE_COUNT }, (_, i) => generatePage(i + 1)));
benchmark('Evaluation corpus', corpusPages());
console.log(`\nLoad average after: ${loadAverage()} (wall-clock figures are only meaningful well below the number of cores)`);
