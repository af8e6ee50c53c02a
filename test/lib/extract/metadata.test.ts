import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';

const PAGE_URL = 'https://news.example/2024/story?utm=1#top';

function page({ head = '', body = '', htmlAttributes = '' }: { head?: string; body?: string; htmlAttributes?: string }): string {
  return `<!doctype html><html ${htmlAttributes}><head>${head}</head><body>${body}</body></html>`;
}

const jsonLd = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

const ALL_SOURCES = {
  jsonLd: jsonLd({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: 'Headline from JSON-LD',
    description: 'Description from JSON-LD',
    author: { '@type': 'Person', name: 'Ada from JSON-LD' },
    datePublished: '2024-01-02T03:04:05Z',
    dateModified: '2024-01-03T00:00:00Z',
    inLanguage: 'de-AT',
    url: '/canonical-from-json-ld',
    image: { '@type': 'ImageObject', url: '/image-from-json-ld.jpg' },
    publisher: { '@type': 'Organization', name: 'Site from JSON-LD' },
  }),
  openGraph: `
    <meta property="og:title" content="Title from OG">
    <meta property="og:description" content="Description from OG">
    <meta property="og:site_name" content="Site from OG">
    <meta property="og:url" content="https://news.example/canonical-from-og">
    <meta property="og:image" content="/image-from-og.jpg">
    <meta property="og:locale" content="fr_FR">
    <meta property="article:published_time" content="2023-05-06T07:08:09+02:00">
    <meta property="article:modified_time" content="2023-05-07">
    <meta property="article:author" content="Grace from OG">`,
  twitter: `
    <meta name="twitter:title" content="Title from Twitter">
    <meta name="twitter:description" content="Description from Twitter">
    <meta name="twitter:image" content="/image-from-twitter.jpg">`,
  meta: `
    <title>Title from the title element</title>
    <meta name="description" content="Description from meta">
    <meta name="author" content="Linus from meta">
    <meta name="date" content="2022-09-10">
    <meta name="application-name" content="Site from meta">
    <link rel="canonical" href="/canonical-from-link">`,
};

const HEURISTIC_BODY = `
  <article>
    <h1>Title from the h1</h1>
    <p class="byline">By Barbara from the page</p>
    <time datetime="2021-12-24">Christmas Eve</time>
    <img src="/image-from-article.jpg" alt="">
    <p>The first paragraph of the article is long enough to serve as a description when nothing else does, and it goes on.</p>
  </article>`;

describe('metadata precedence: JSON-LD over Open Graph over Twitter over meta over the page itself', () => {
  it('takes every field from JSON-LD when it has them', () => {
    const result = extractPage(page({ head: Object.values(ALL_SOURCES).join(''), body: HEURISTIC_BODY, htmlAttributes: 'lang="en"' }), PAGE_URL);
    expect(result).toMatchObject({
      title: 'Headline from JSON-LD',
      description: 'Description from JSON-LD',
      byline: 'Ada from JSON-LD',
      publishedTime: '2024-01-02T03:04:05Z',
      modifiedTime: '2024-01-03T00:00:00Z',
      lang: 'de-AT',
      siteName: 'Site from JSON-LD',
      canonicalUrl: 'https://news.example/canonical-from-json-ld',
      image: 'https://news.example/image-from-json-ld.jpg',
    });
    expect(Object.values(result.sources).every((source) => source === 'json-ld')).toBe(true);
    expect(Object.keys(result.sources).sort()).toEqual(
      ['byline', 'canonicalUrl', 'description', 'image', 'lang', 'modifiedTime', 'publishedTime', 'siteName', 'title'],
    );
  });

  it('falls back to Open Graph without JSON-LD', () => {
    const { jsonLd: _, ...rest } = ALL_SOURCES;
    const result = extractPage(page({ head: Object.values(rest).join(''), body: HEURISTIC_BODY, htmlAttributes: 'lang="en"' }), PAGE_URL);
    expect(result).toMatchObject({
      title: 'Title from OG',
      description: 'Description from OG',
      byline: 'Grace from OG',
      publishedTime: '2023-05-06T07:08:09+02:00',
      modifiedTime: '2023-05-07',
      lang: 'fr-FR',
      siteName: 'Site from OG',
      canonicalUrl: 'https://news.example/canonical-from-og',
      image: 'https://news.example/image-from-og.jpg',
    });
    expect(result.sources).toMatchObject({
      title: 'opengraph', description: 'opengraph', byline: 'opengraph', publishedTime: 'opengraph', modifiedTime: 'opengraph',
      lang: 'opengraph', siteName: 'opengraph', canonicalUrl: 'opengraph', image: 'opengraph',
    });
  });

  it('uses Twitter cards before other meta tags', () => {
    const result = extractPage(page({ head: ALL_SOURCES.twitter + ALL_SOURCES.meta }), PAGE_URL);
    expect(result).toMatchObject({ title: 'Title from Twitter', description: 'Description from Twitter', image: 'https://news.example/image-from-twitter.jpg' });
    expect(result.sources).toMatchObject({ title: 'twitter', description: 'twitter', image: 'twitter' });
  });

  it('falls back to plain meta tags, <title>, <link rel=canonical> and <html lang>', () => {
    const result = extractPage(page({ head: ALL_SOURCES.meta, body: HEURISTIC_BODY, htmlAttributes: 'lang="en-GB"' }), PAGE_URL);
    expect(result).toMatchObject({
      title: 'Title from the title element',
      description: 'Description from meta',
      byline: 'Linus from meta',
      publishedTime: '2022-09-10',
      lang: 'en-GB',
      siteName: 'Site from meta',
      canonicalUrl: 'https://news.example/canonical-from-link',
    });
    expect(result.sources).toMatchObject({
      title: 'meta', description: 'meta', byline: 'meta', publishedTime: 'meta', lang: 'meta', siteName: 'meta', canonicalUrl: 'meta',
    });
  });

  it('reads the page itself when nothing is declared', () => {
    const result = extractPage(page({ body: HEURISTIC_BODY }), PAGE_URL);
    expect(result).toMatchObject({
      title: 'Title from the h1',
      byline: 'Barbara from the page',
      publishedTime: '2021-12-24',
      image: 'https://news.example/image-from-article.jpg',
    });
    expect(result.description).toMatch(/^The first paragraph of the article/);
    expect(result.sources).toEqual({ title: 'heuristic', byline: 'heuristic', publishedTime: 'heuristic', image: 'heuristic', description: 'heuristic' });
    expect(result.canonicalUrl).toBeNull();
    expect(result.lang).toBeNull();
    expect(result.siteName).toBeNull();
  });

  it('puts microdata right after JSON-LD', () => {
    const body = `<div itemscope itemtype="https://schema.org/BlogPosting">
      <h1 itemprop="headline">Headline from microdata</h1>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Mia Microdata</span></span>
      <time itemprop="datePublished" datetime="2020-02-29T10:00:00+01:00">29 Feb</time>
    </div>`;
    const result = extractPage(page({ head: ALL_SOURCES.openGraph, body }), PAGE_URL);
    expect(result).toMatchObject({ title: 'Headline from microdata', byline: 'Mia Microdata', publishedTime: '2020-02-29T10:00:00+01:00' });
    expect(result.sources).toMatchObject({ title: 'microdata', byline: 'microdata', publishedTime: 'microdata', description: 'opengraph' });
  });

  it('strips the site name from the <title>', () => {
    const withSiteName = extractPage(page({ head: '<title>Budget vote delayed | The Daily Example</title><meta property="og:site_name" content="The Daily Example">' }), PAGE_URL);
    expect(withSiteName.title).toBe('Budget vote delayed');
    const withHeadline = extractPage(page({ head: '<title>Budget vote delayed - Example News</title>', body: '<h1>Budget vote delayed</h1>' }), PAGE_URL);
    expect(withHeadline.title).toBe('Budget vote delayed');
  });

  it('joins several JSON-LD authors and follows @id references', () => {
    const head = jsonLd({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Article', headline: 'Two authors', author: [{ '@id': '#ada' }, { '@type': 'Person', name: 'Grace' }] },
        { '@type': 'Person', '@id': '#ada', name: 'Ada' },
      ],
    });
    expect(extractPage(page({ head }), PAGE_URL).byline).toBe('Ada, Grace');
  });

  it('normalises dates to ISO 8601', () => {
    const date = (value: string) => extractPage(page({ head: `<meta property="article:published_time" content="${value}">` }), PAGE_URL).publishedTime;
    expect(date('2024-03-05T09:30:00+0100')).toBe('2024-03-05T09:30:00+01:00');
    expect(date('2024-03-05 09:30')).toBe('2024-03-05T09:30:00');
    expect(date('March 5, 2024')).toBe('2024-03-05');
    expect(date('2024.02.10')).toBe('2024-02-10');
    expect(date('Tue, 05 Mar 2024 09:30:00 GMT')).toBe('2024-03-05T09:30:00.000Z');
    expect(date('2024-02-30')).toBeNull();
    expect(date('yesterday')).toBeNull();
  });

  it('collects Open Graph properties under their full names, first value first', () => {
    const head = '<meta property="og:image" content="/a.jpg"><meta property="og:image" content="/b.jpg"><meta property="article:section" content="Politics"><meta name="og:type" content="article">';
    expect(extractPage(page({ head }), PAGE_URL).openGraph).toEqual({ 'og:image': '/a.jpg', 'article:section': 'Politics', 'og:type': 'article' });
  });

  it('resolves URLs against <base href>', () => {
    const head = '<base href="https://cdn.example/assets/"><meta property="og:image" content="hero.png">';
    expect(extractPage(page({ head }), PAGE_URL).image).toBe('https://cdn.example/assets/hero.png');
  });
});
