/**
 * CPU cost per page of each step Trawl's pipeline runs on a fixture page, beside the extraction the Crawlee and plain
 * crawlers do; single-threaded, synchronous, no I/O. `node --import tsx bench/page-costs.ts <fixture origin>`
 * (run.ts runs it against its fast fixture). Prints `RESULT <json>` with ms per page for each step.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { load } from 'cheerio';
import { load as loadWithHtmlparser2 } from 'cheerio/slim';
import { extractPage } from '../lib/extract';
import { productFields, type CheerioLike } from './lib/product-fields';

const origin = process.argv[2];
if (!origin) throw new Error('usage: page-costs.ts <fixture origin>');
const PAGES = 40;
const pages: string[] = [];
for (let i = 1; i <= PAGES; i++) pages.push(await (await fetch(`${origin}/costs/p/${i}`)).text());
const buffers = pages.map((page) => Buffer.from(page));
const gzipped = buffers.map((buffer) => gzipSync(buffer));
const rules = { price: { selector: '.price', type: 'price' as const } };

function time(fn: (i: number) => unknown, reps = 2): number {
  for (let i = 0; i < 10; i++) fn(i); // warm-up
  const started = performance.now();
  for (let r = 0; r < reps; r++) for (let i = 0; i < PAGES; i++) fn(i);
  return Math.round(((performance.now() - started) / (reps * PAGES)) * 100) / 100;
}

const sample = extractPage(pages[0], `${origin}/costs/p/1`, rules);
const result = {
  pageKb: Math.round(buffers.reduce((sum, b) => sum + b.length, 0) / PAGES / 1024),
  msPerPage: {
    'extractPage (Trawl parse step)': time((i) => extractPage(pages[i], `${origin}/costs/p/${i + 1}`, rules)),
    'cheerio load (parse5) only': time((i) => load(pages[i])),
    'cheerio/slim load (htmlparser2, as Crawlee parses)': time((i) => loadWithHtmlparser2(pages[i])),
    'cheerio load + title/price/JSON-LD (Crawlee/plain extraction)': time((i) => productFields(load(pages[i]) as unknown as CheerioLike)),
    'gzip level 6': time((i) => gzipSync(buffers[i])),
    'gzip level 1 (fetch stores a body the server did not gzip)': time((i) => gzipSync(buffers[i], { level: 1 })),
    'gunzip (parse reads the body)': time((i) => gunzipSync(gzipped[i])),
    'sha256 (content hash)': time((i) => createHash('sha256').update(buffers[i]).digest('hex')),
    'JSON.stringify of the extraction row': time(() => JSON.stringify(sample)),
  },
  extractionKb: {
    markdown: Math.round(sample.markdown.length / 1024),
    articleBody: Math.round(sample.articleBody.length / 1024),
    links: sample.links.length,
    row: Math.round(JSON.stringify(sample).length / 1024),
  },
};
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
