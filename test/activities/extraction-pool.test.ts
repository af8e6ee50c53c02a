import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createExtractionPool } from '../../activities/extraction-pool';
import { extractPage } from '../../lib/extract';
import { LENIENT_ZLIB } from '../../lib/http/body';

const PAGE = `<!doctype html><html lang="fr"><head><title>Café crème</title></head><body>
  <nav><a href="/">Accueil</a></nav>
  <article><h1>Café crème</h1><p>Un café allongé de lait chaud, servi dans une grande tasse, le matin surtout.</p>
  <p>Le prix au comptoir est de <span class="price">2,80 €</span>, un peu plus en terrasse.</p></article>
</body></html>`;
const URL_OF_PAGE = 'https://cafe.example/creme';

describe('extraction pool', () => {
  const pool = createExtractionPool(2);
  afterAll(() => pool.close());

  it('extracts a stored (gzip) page on a thread exactly as extractPage does in-process', async () => {
    const rules = { price: { selector: '.price', type: 'price' as const } };
    const { extraction, textHash } = await pool.extract({ body: gzipSync(PAGE), charset: 'utf-8', url: URL_OF_PAGE, rules });
    expect(extraction).toEqual(extractPage(PAGE, URL_OF_PAGE, rules));
    expect(extraction.fields.price).toBe(2.8);
    expect(textHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes the stored charset, falls back to UTF-8 for an unknown one, and survives an empty body', async () => {
    const latin1 = Buffer.from(PAGE, 'latin1');
    const decoded = await pool.extract({ body: gzipSync(latin1), charset: 'iso-8859-1', url: URL_OF_PAGE });
    expect(decoded.extraction.title).toBe('Café crème');
    const unknown = await pool.extract({ body: gzipSync(PAGE), charset: 'no-such-charset', url: URL_OF_PAGE });
    expect(unknown.extraction.title).toBe('Café crème');
    const empty = await pool.extract({ body: null, charset: null, url: URL_OF_PAGE });
    expect(empty.extraction.articleBody).toBe('');
  });

  it('reads a server\'s gzip stream as stored: two members, or cut short, as the fetch decoded it', async () => {
    const [head, tail] = [PAGE.slice(0, 200), PAGE.slice(200)];
    const twoMembers = Buffer.concat([gzipSync(head), gzipSync(tail)]);
    expect((await pool.extract({ body: twoMembers, charset: 'utf-8', url: URL_OF_PAGE })).extraction).toEqual(extractPage(PAGE, URL_OF_PAGE));
    const whole = gzipSync(PAGE);
    const truncated = whole.subarray(0, whole.length - 40);
    const asFetched = gunzipSync(truncated, LENIENT_ZLIB).toString();
    expect(asFetched.length).toBeGreaterThan(100);
    expect(asFetched.length).toBeLessThan(PAGE.length);
    const { extraction } = await pool.extract({ body: truncated, charset: 'utf-8', url: URL_OF_PAGE });
    expect(extraction).toEqual(extractPage(asFetched, URL_OF_PAGE));
  });

  it('leaves the caller\'s buffer intact (a driver\'s Buffer may be a view into a shared one)', async () => {
    const shared = Buffer.concat([Buffer.from('prefix'), gzipSync(PAGE)]);
    const view = shared.subarray(6);
    await pool.extract({ body: view, charset: 'utf-8', url: URL_OF_PAGE });
    expect(view.byteLength).toBe(shared.byteLength - 6);
    expect(shared.subarray(0, 6).toString()).toBe('prefix');
  });

  it('runs batches in parallel threads: many pages at once all come back, in order', async () => {
    const titles = Array.from({ length: 40 }, (_, i) => `Café crème n° ${i}`);
    const pages = titles.map((title) => PAGE.replace('<title>Café crème</title>', `<title>${title}</title>`));
    const results = await Promise.all(pages.map((html) => pool.extract({ body: gzipSync(html), charset: 'utf-8', url: URL_OF_PAGE })));
    expect(results.map((result) => result.extraction.title)).toEqual(titles);
  });
});
