import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageExtraction } from '../../../lib/extract';

function expectWellFormed(result: PageExtraction): void {
  expect(typeof result.articleBody).toBe('string');
  expect(typeof result.markdown).toBe('string');
  expect(Array.isArray(result.links)).toBe(true);
  expect(Array.isArray(result.jsonLd)).toBe(true);
  expect(result.structured).toEqual(expect.objectContaining({ products: expect.any(Array), events: expect.any(Array) }));
  for (const link of result.links) expect(link).toMatch(/^https?:\/\/[^#]*$/);
}

const HTML_FRAGMENTS = [
  '<div>', '</div>', '<p>', '</p>', '<a href="', '">', '<table><tr><td>', '</td></tr></table>', '<ul><li>', '<pre>', '<br>',
  '<script type="application/ld+json">{"@type":', '</script>', '<meta property="og:title" content="', '<!--', '-->', '<![CDATA[',
  '&amp;', '&#0;', '&#x110000;', '\u0000', '\uFFFD', '\uD800', 'text, with commas. ', '<h1>', '<img src=', '<svg><foreignObject>',
  '<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">', '<base href="javascript:alert(1)">',
];

describe('extractPage never throws', () => {
  it.each([
    ['empty string', ''],
    ['whitespace', '   \n\t '],
    ['plain text', 'just some words, no markup at all.'],
    ['binary-ish bytes', String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256))],
    ['unclosed tags', '<html><body><div><p><a href="/x"><table><tr><td>cell'],
    ['stray closing tags', '</div></p></body></html></table>'],
    ['a lone JSON-LD script', '<script type="application/ld+json">{"@graph": [null, 1, "x", {"@type": []}]}</script>'],
    ['hostile JSON-LD values', '<script type="application/ld+json">{"@type":"Product","offers":{"price":{"a":1}},"name":{"@value":[]}}</script>'],
    // Deeper than any recursion in the extractor could survive; parse5 itself is quadratic in depth, hence not 100k.
    ['deep nesting', `${'<div><span>'.repeat(5_000)}deep text${'</span></div>'.repeat(5_000)}`],
    ['a huge single paragraph', `<p>${'word, '.repeat(200_000)}</p>`],
    ['thousands of links', Array.from({ length: 5000 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('')],
  ])('%s', (_, html) => {
    expectWellFormed(extractPage(html, 'https://example.com/page'));
    // With a <body> tag the page goes to htmlparser2 instead of parse5: both parsers must survive it.
    expectWellFormed(extractPage(`<body>${html}`, 'https://example.com/page'));
  });

  it.each(['', '<html><body>'])('still reads the text of a page nested deeper than the renderer recurses (prefix %j)', (prefix) => {
    const html = `${prefix}${'<div><span>'.repeat(2_000)}<p>Deep text, still found by the extractor.</p>${'</span></div>'.repeat(2_000)}`;
    expect(extractPage(html, 'https://example.com/').articleBody).toBe('Deep text, still found by the extractor.');
  });

  it('tolerates non-string and invalid arguments', () => {
    const call = extractPage as (html: unknown, url: unknown, rules?: unknown) => PageExtraction;
    expectWellFormed(call(undefined, undefined));
    expectWellFormed(call(null, 42));
    expectWellFormed(call(Buffer.from('<p>buffer</p>'), 'https://example.com/'));
    expectWellFormed(call('<p>x</p>', '::::'));
    expectWellFormed(call('<p>x</p>', 'https://example.com/', 'not rules'));
    const withBadRules = call('<p class="a">x</p>', 'https://example.com/', { a: null, b: { selector: 5 }, c: { selector: '.a', type: 'nope' } });
    expect(withBadRules.fields).toEqual({ a: null, b: null, c: 'x' });
  });

  it('survives random mixtures of HTML fragments and arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...HTML_FRAGMENTS, '<body>'), fc.string(), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 80 }),
        fc.oneof(fc.constant('https://example.com/a/b'), fc.webUrl(), fc.string()),
        (parts, url) => {
          expectWellFormed(extractPage(parts.join(''), url, { any: { selector: parts[0] ?? '*', type: 'list' } }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
