/**
 * The extraction the Crawlee and plain crawlers do on every page: title, the `.price` selector as a number, and every
 * JSON-LD block parsed. (Trawl's parse step does this and much more: main text, Markdown, metadata, links.)
 */

/** The part of a cheerio document this needs; satisfied by cheerio 1.x and Crawlee's cheerio 1.0.0-rc.12. */
export interface CheerioLike {
  (selector: string): {
    first(): { text(): string };
    each(fn: (index: number, element: unknown) => void): unknown;
    map<T>(fn: (index: number, element: any) => T): { get(): T[] };
  };
  (element: unknown): { text(): string };
}

export interface ProductFields {
  title: string;
  price: number | null;
  jsonLd: unknown[];
}

export function parsePrice(text: string): number | null {
  const match = /-?\d[\d\s.,]*/.exec(text.replace(/\u00a0/g, ' '));
  if (!match) return null;
  let digits = match[0].replace(/\s/g, '');
  if (/,\d{1,2}$/.test(digits)) digits = digits.replace(/\./g, '').replace(',', '.');
  else digits = digits.replace(/,/g, '');
  const value = Number(digits);
  return Number.isFinite(value) ? value : null;
}

export function productFields($: CheerioLike): ProductFields {
  const jsonLd: unknown[] = [];
  $('script[type="application/ld+json"]').each((_, element) => {
    try {
      jsonLd.push(JSON.parse($(element).text()));
    } catch {
      // invalid JSON-LD is skipped, as Trawl does
    }
  });
  return {
    title: $('title').first().text().trim(),
    price: parsePrice($('.price').first().text()),
    jsonLd,
  };
}

/** The href of every `a[href]`, resolved against `base`, fragment dropped; for crawlers without enqueueLinks. */
export function linksOf($: CheerioLike, base: string): string[] {
  const out = new Set<string>();
  for (const href of $('a[href]').map((_, element) => (element as { attribs: Record<string, string> }).attribs.href).get()) {
    try {
      const url = new URL(href, base);
      url.hash = '';
      out.add(url.href);
    } catch {
      // not a URL
    }
  }
  return [...out];
}
