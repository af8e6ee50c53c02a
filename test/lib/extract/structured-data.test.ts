import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';
import { parseJsonLdSource } from '../../../lib/extract/json-ld';

const PAGE_URL = 'https://shop.example/p/1';
const ldScript = (source: string, type = 'application/ld+json') => `<script type="${type}">${source}</script>`;
const extract = (head: string, body = '') => extractPage(`<html><head>${head}</head><body>${body}</body></html>`, PAGE_URL);

describe('JSON-LD', () => {
  it('flattens @graph containers and top-level arrays, in document order', () => {
    const result = extract(
      ldScript(JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'A' }, { '@type': 'Article', headline: 'B' }] })) +
        ldScript(JSON.stringify([{ '@type': 'Organization', name: 'C' }, [{ '@type': 'Person', name: 'D' }]])),
    );
    expect(result.jsonLd).toEqual([
      { '@type': 'WebSite', name: 'A' },
      { '@type': 'Article', headline: 'B' },
      { '@type': 'Organization', name: 'C' },
      { '@type': 'Person', name: 'D' },
    ]);
  });

  it('keeps the properties of a container that has more than @context and @graph', () => {
    const result = extract(ldScript(JSON.stringify({ '@context': 'x', '@id': '#page', name: 'Page', '@graph': [{ '@type': 'Thing' }] })));
    expect(result.jsonLd).toEqual([{ '@context': 'x', '@id': '#page', name: 'Page' }, { '@type': 'Thing' }]);
  });

  it('skips malformed blocks without throwing and keeps the good ones', () => {
    const result = extract(
      ldScript('{"@type": "Article", "headline": ') + ldScript('not json at all') + ldScript('') + ldScript('{"@type":"Event","name":"Kept"}'),
    );
    expect(result.jsonLd).toEqual([{ '@type': 'Event', name: 'Kept' }]);
  });

  it('repairs the usual hand-written mistakes', () => {
    expect(parseJsonLdSource('{"@type": "Article", "headline": "Trailing comma",}')).toEqual({ '@type': 'Article', headline: 'Trailing comma' });
    expect(parseJsonLdSource('{"description": "line one\nline two"}')).toEqual({ description: 'line one\nline two' });
    expect(parseJsonLdSource('<!--{"@type": "Thing"}-->')).toEqual({ '@type': 'Thing' });
    expect(parseJsonLdSource('//<![CDATA[\n{"@type": "Thing"}\n//]]>')).toEqual({ '@type': 'Thing' });
    expect(parseJsonLdSource('{"@type": "A"}{"@type": "B"}')).toEqual([{ '@type': 'A' }, { '@type': 'B' }]);
    expect(parseJsonLdSource('{{{')).toBeUndefined();
  });

  it('accepts type attributes in any case and with parameters, and ignores other scripts', () => {
    const result = extract(
      ldScript('{"@type":"A"}', 'Application/LD+JSON; charset=utf-8') + ldScript('{"@type":"B"}', 'application/json') + '<script>var x = {"@type":"C"};</script>',
    );
    expect(result.jsonLd).toEqual([{ '@type': 'A' }]);
  });
});

describe('structured data', () => {
  it('reads a JSON-LD Product with its Offer', () => {
    const product = {
      '@context': 'https://schema.org/',
      '@type': 'Product',
      name: 'Trail Shoe',
      sku: 'TS-42',
      offers: { '@type': 'Offer', price: '1,299.99', priceCurrency: 'USD', availability: 'https://schema.org/PreOrder' },
    };
    expect(extract(ldScript(JSON.stringify(product))).structured.products).toEqual([
      { name: 'Trail Shoe', price: 1299.99, currency: 'USD', availability: 'PreOrder', sku: 'TS-42' },
    ]);
  });

  it('reads AggregateOffer prices, numeric prices and products nested in an ItemList', () => {
    const list = {
      '@type': 'ItemList',
      itemListElement: [
        { '@type': 'ListItem', item: { '@type': 'Product', name: 'A', offers: { '@type': 'AggregateOffer', lowPrice: 9.5, priceCurrency: 'EUR' } } },
        { '@type': 'ListItem', item: { '@type': 'Product', name: 'B', offers: [{ '@type': 'Offer', price: 12 }] } },
      ],
    };
    const { products } = extract(ldScript(JSON.stringify(list))).structured;
    expect(products.map(({ name, price, currency }) => ({ name, price, currency }))).toEqual([
      { name: 'A', price: 9.5, currency: 'EUR' },
      { name: 'B', price: 12, currency: null },
    ]);
  });

  it('reads a microdata Product, including nested offer and meta properties', () => {
    const body = `
      <div itemscope itemtype="http://schema.org/Product">
        <h1 itemprop="name">Kettle <small>1.7 l</small></h1>
        <img itemprop="image" src="/kettle.jpg" alt="">
        <span itemprop="sku">KT-17</span>
        <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
          <span itemprop="price" content="39.00">£39</span>
          <meta itemprop="priceCurrency" content="GBP">
          <link itemprop="availability" href="http://schema.org/InStock">
        </div>
        <div itemprop="review" itemscope itemtype="http://schema.org/Review"><span itemprop="name">Not the product name</span></div>
      </div>`;
    const result = extract('', body);
    expect(result.structured.products).toEqual([{ name: 'Kettle 1.7 l', price: 39, currency: 'GBP', availability: 'InStock', sku: 'KT-17' }]);
    expect(result.title).toBe('Kettle 1.7 l');
    expect(result.sources.title).toBe('microdata');
    expect(result.image).toBe('https://shop.example/kettle.jpg');
  });

  it('reads Events, Articles and Recipes', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        {
          '@type': 'MusicEvent',
          name: 'Quay Sessions',
          startDate: '2024-07-01T19:30:00+01:00',
          endDate: '2024-07-01T23:00',
          location: { '@type': 'Place', name: 'Harbour Hall', address: { '@type': 'PostalAddress', streetAddress: '1 Quay St', addressLocality: 'Ayr' } },
        },
        { '@type': 'BlogPosting', headline: 'Notes', author: { '@type': 'Person', name: 'Kim' }, datePublished: '2024-01-01' },
        { '@type': 'Recipe', name: 'Soda bread', recipeIngredient: ['flour', 'buttermilk'], totalTime: 'PT1H' },
      ],
    };
    const { structured } = extract(ldScript(JSON.stringify(graph)));
    expect(structured.events).toEqual([
      { name: 'Quay Sessions', startDate: '2024-07-01T19:30:00+01:00', endDate: '2024-07-01T23:00:00', location: 'Harbour Hall, 1 Quay St, Ayr' },
    ]);
    expect(structured.articles).toEqual([{ headline: 'Notes', author: 'Kim', datePublished: '2024-01-01' }]);
    expect(structured.recipes).toEqual([{ name: 'Soda bread', ingredients: ['flour', 'buttermilk'], totalTime: 'PT1H' }]);
  });

  it('reports a thing described twice (JSON-LD and microdata) once', () => {
    const product = { '@type': 'Product', name: 'Mug', sku: 'M1', offers: { '@type': 'Offer', price: '8', priceCurrency: 'GBP' } };
    const body = `<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Mug</span><span itemprop="sku">M1</span>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="8"><meta itemprop="priceCurrency" content="GBP"></div></div>`;
    expect(extract(ldScript(JSON.stringify(product)), body).structured.products).toHaveLength(1);
  });
});
