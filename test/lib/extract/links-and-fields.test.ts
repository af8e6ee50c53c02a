import { describe, expect, it } from 'vitest';
import { extractPage, parseNumber, parsePrice } from '../../../lib/extract';

const PAGE_URL = 'https://shop.example/catalogue/kettles/page.html?sort=price#results';

describe('links', () => {
  it('lists every <a href> as an absolute http(s) URL without fragment, de-duplicated, in document order', () => {
    const html = `<html><head><link rel="stylesheet" href="/not-a-link.css"></head><body>
      <a href="/about">About</a>
      <a href="item-2.html#reviews">Relative</a>
      <a href="../">Up</a>
      <a href="//cdn.example/file.pdf">Protocol-relative</a>
      <a href="#top">Fragment only</a>
      <a href="https://other.example/x?y=1#z">External</a>
      <a href="/about#team">Same page again</a>
      <a href="mailto:hi@shop.example">Mail</a>
      <a href="tel:+441234">Phone</a>
      <a href="javascript:void(0)">Script</a>
      <a href=" https://spaced.example/ ">Spaces</a>
      <a href="http://[invalid">Broken</a>
      <a>No href</a>
      <area href="/map-area">
    </body></html>`;
    expect(extractPage(html, PAGE_URL).links).toEqual([
      'https://shop.example/about',
      'https://shop.example/catalogue/kettles/item-2.html',
      'https://shop.example/catalogue/',
      'https://cdn.example/file.pdf',
      'https://shop.example/catalogue/kettles/page.html?sort=price',
      'https://other.example/x?y=1',
      'https://spaced.example/',
    ]);
  });

  it('honours <base href>', () => {
    const html = '<head><base href="https://mirror.example/root/"></head><a href="page">x</a>';
    expect(extractPage(html, PAGE_URL).links).toEqual(['https://mirror.example/root/page']);
  });

  it('keeps only absolute links when the page URL is unusable', () => {
    expect(extractPage('<a href="/relative">r</a><a href="https://abs.example/">a</a>', 'not a url').links).toEqual(['https://abs.example/']);
  });
});

describe('price parsing', () => {
  it.each([
    ['$1,299.99', 1299.99],
    ['1.299,99 €', 1299.99],
    ['£24.99', 24.99],
    ['1 299,99 €', 1299.99],
    ['1\u00a0299,99\u00a0€', 1299.99],
    ["CHF 1'299.–", 1299],
    ['12,50 €', 12.5],
    ['€1.299', 1299],
    ['USD 45', 45],
    ['0,99 €', 0.99],
    ['Price: 1,234,567.00 USD', 1234567],
    ['Save 20% – now £24.99', 24.99],
    ['Was $30, now $24', 30],
    ['¥12,800', 12800],
    ['free', null],
    ['', null],
  ])('%s → %s', (text, expected) => {
    expect(parsePrice(text)).toBe(expected);
  });
});

describe('number parsing', () => {
  it.each([
    ['4.5 out of 5', 4.5],
    ['1,234 reviews', 1234],
    ['-3,5 °C', -3.5],
    ['Rated 0.75', 0.75],
    ['no digits', null],
  ])('%s → %s', (text, expected) => {
    expect(parseNumber(text)).toBe(expected);
  });
});

describe('field rules', () => {
  const html = `<html><body>
    <h1 class="name">  Copper   Kettle </h1>
    <span class="price">1.299,99 €</span>
    <span class="rating" data-value="4.8">Rated 4.8 of 5</span>
    <span class="stock">12 in stock</span>
    <a class="more" href="../kettles/copper?ref=1">Details</a>
    <img class="photo" src="/img/copper.jpg" data-zoom="zoom/copper.jpg" alt="">
    <ul class="tags"><li> Kitchen </li><li>Copper</li><li>  </li><li>Gift<br>ideas</li></ul>
    <meta itemprop="gtin" content="0123456789012">
  </body></html>`;

  const fields = extractPage(html, PAGE_URL, {
    name: { selector: '.name' },
    explicitText: { selector: '.name', type: 'text' },
    price: { selector: '.price', type: 'price' },
    rating: { selector: '.rating', type: 'number' },
    ratingAttribute: { selector: '.rating', type: 'number', attribute: 'data-value' },
    stock: { selector: '.stock', type: 'number' },
    link: { selector: '.more', type: 'url' },
    photo: { selector: '.photo', type: 'url' },
    zoom: { selector: '.photo', type: 'url', attribute: 'data-zoom' },
    tags: { selector: '.tags li', type: 'list' },
    altList: { selector: 'meta[itemprop], .photo', type: 'list', attribute: 'content' },
    gtin: { selector: 'meta[itemprop=gtin]', attribute: 'content' },
    missing: { selector: '.does-not-exist' },
    missingList: { selector: '.does-not-exist', type: 'list' },
    notANumber: { selector: '.more', type: 'number' },
    invalidSelector: { selector: 'div[[[' },
    emptySelector: { selector: '' },
  }).fields;

  it('applies text rules to the trimmed text of the first match', () => {
    expect(fields.name).toBe('Copper Kettle');
    expect(fields.explicitText).toBe('Copper Kettle');
    expect(fields.gtin).toBe('0123456789012');
  });

  it('parses numbers and prices', () => {
    expect(fields.price).toBe(1299.99);
    expect(fields.rating).toBe(4.8);
    expect(fields.ratingAttribute).toBe(4.8);
    expect(fields.stock).toBe(12);
    expect(fields.notANumber).toBeNull();
  });

  it('resolves URLs from href, src or the named attribute', () => {
    expect(fields.link).toBe('https://shop.example/catalogue/kettles/copper?ref=1');
    expect(fields.photo).toBe('https://shop.example/img/copper.jpg');
    expect(fields.zoom).toBe('https://shop.example/catalogue/kettles/zoom/copper.jpg');
  });

  it('collects lists of every match, leaving out empty ones', () => {
    expect(fields.tags).toEqual(['Kitchen', 'Copper', 'Gift ideas']);
    expect(fields.altList).toEqual(['0123456789012']);
  });

  it('gives null for rules that match nothing or cannot run', () => {
    expect(fields.missing).toBeNull();
    expect(fields.missingList).toBeNull();
    expect(fields.invalidSelector).toBeNull();
    expect(fields.emptySelector).toBeNull();
  });

  it('returns no fields without rules', () => {
    expect(extractPage(html, PAGE_URL).fields).toEqual({});
  });
});
