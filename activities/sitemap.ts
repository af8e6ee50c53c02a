import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { load } from 'cheerio';
import { countUnclaimedPages, enqueuePages } from '../db/queries/pages';
import { getScrapeOptions } from '../db/queries/scrapes';
import { FetchFailure, normalizeUrl } from '../lib/http';
import { createUrlFilter } from '../lib/url-patterns';
import type { ActivityDeps } from './deps';
import { permanentFailure, transientFailure } from './failures';
import { withHeartbeat } from './heartbeat';

const gunzipAsync = promisify(gunzip);
const SITEMAP_TYPES = ['application/xml', 'text/xml', 'application/gzip', 'application/x-gzip', 'application/octet-stream', 'text/plain'];
const MAX_SITEMAPS = 20;
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

/** Reads `/sitemap.xml` (following sitemap indexes, gzip or not) and queues its same-site URLs as seeds. */
export function createSitemapActivity({ db, fetcher }: Pick<ActivityDeps, 'db' | 'fetcher'>) {
  async function readSitemap(url: string, signal: AbortSignal): Promise<string | null> {
    try {
      const response = await fetcher.fetch(url, { signal, accept: SITEMAP_TYPES });
      const body = response.body[0] === 0x1f && response.body[1] === 0x8b
        ? await gunzipAsync(response.body, { maxOutputLength: MAX_SITEMAP_BYTES })
        : response.body;
      return body.toString('utf8');
    } catch (error) {
      if (error instanceof FetchFailure && error.retryable) throw transientFailure(error.type, `sitemap ${url}: ${error.message}`, error.retryAfterMs);
      return null; // no sitemap, or one we cannot use: the crawl goes on from the start URL
    }
  }

  return {
    async seedFromSitemap({ scrapeId }: { scrapeId: string }): Promise<{ seeded: number; frontier: number }> {
      const scrape = await getScrapeOptions(db, scrapeId);
      if (!scrape) throw permanentFailure('ScrapeNotFound', `no scrape ${scrapeId}`);
      const origin = new URL(scrape.url).origin;
      const followable = createUrlFilter(scrape.options.include, scrape.options.exclude);
      const found = new Set<string>();
      await withHeartbeat(async (signal) => {
        const queue = [`${origin}/sitemap.xml`];
        for (let read = 0; queue.length > 0 && read < MAX_SITEMAPS && found.size < scrape.options.maxPages; read++) {
          const xml = await readSitemap(queue.shift()!, signal);
          if (!xml) continue;
          const $ = load(xml, { xml: true });
          $('sitemapindex > sitemap > loc').each((_, loc) => {
            const url = $(loc).text().trim();
            if (url.startsWith(origin)) queue.push(url);
          });
          $('urlset > url > loc').each((_, loc) => {
            try {
              const url = normalizeUrl($(loc).text().trim());
              if (new URL(url).origin === origin && followable(url)) found.add(url);
            } catch {
              // a malformed <loc> is skipped
            }
          });
        }
      });
      const known = await countUnclaimedPages(db, scrapeId);
      const seeded = await enqueuePages(db, scrapeId, [...found].map((url) => ({ url, depth: 0 })), scrape.options.maxPages - known);
      return { seeded, frontier: await countUnclaimedPages(db, scrapeId) };
    },
  };
}
