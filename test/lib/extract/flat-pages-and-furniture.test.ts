import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';

const ARTICLE = [
  'The harbour board met on Tuesday to discuss the future of the old fish market, which has stood empty for three years.',
  'Members agreed that the building should be kept, but disagreed about whether it should become housing, offices or a venue.',
  'A public consultation will run until the end of March, and the board expects to make a decision before the summer.',
];
const ARTICLE_HTML = ARTICLE.map((text) => `<p>${text}</p>`).join('');

const bodyOf = (body: string) =>
  extractPage(`<!doctype html><html><head><title>Fish market</title></head><body>${body}</body></html>`, 'https://news.example/story').articleBody;

const entries = Array.from({ length: 6 }, (_, i) => `<div class="e"><b>Visitor ${i}</b><br>
  Visitor ${i} wrote a long and friendly message saying how much they enjoyed the page and how useful the notes were to them.</div>`).join('');

describe('sections without a wrapper', () => {
  it.each(['From the guestbook', 'Comments', 'Gästebuch', "Livre d'or"])(
    'drops the siblings after a "%s" heading, however long',
    (heading) => {
      const html = `<h1>Fish market</h1>${ARTICLE_HTML}<h3>${heading}</h3>${entries}<p>Sign the guestbook, it only takes a minute.</p>`;
      expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
    },
  );

  it('ends a furniture section at the next heading of the same rank', () => {
    const html = `<h1>Fish market</h1>${ARTICLE_HTML}<h2>Other markets on this site</h2><ul><li><a href="/a">Corn exchange</a> &ndash; a short note.</li></ul>
      <h2>Next steps</h2><p>The board will publish the consultation results on its website in the first week of April.</p>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'Next steps', 'The board will publish the consultation results on its website in the first week of April.'].join('\n\n'));
  });

  it('reads a bold line as the heading of a box ("<b>What\'s new</b>")', () => {
    const html = `<div class="box"><b>What's new on the site</b><ul><li>June: the fish market page, with notes on the building and its history</li>
      <li>May: the corn exchange page rewritten with new photographs and a plan</li></ul></div><h1>Fish market</h1>${ARTICLE_HTML}`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });
});

describe('furniture inside the content', () => {
  it('drops a pull quote that repeats a nearby paragraph, even with words left out', () => {
    const quoted = '<p>One member said: "It is a building, she said, that the whole town remembers." Others were less sure.</p>';
    const html = `<h1>Fish market</h1>${ARTICLE_HTML}${quoted}<blockquote><p>It is a building that the whole town remembers.</p></blockquote>`;
    expect(bodyOf(html)).not.toContain('It is a building that');
  });

  it('keeps a block quote that quotes something else', () => {
    const html = `<h1>Fish market</h1>${ARTICLE_HTML}<blockquote><p>The market shall be open to all traders of the borough on every weekday.</p></blockquote>`;
    expect(bodyOf(html)).toContain('The market shall be open');
  });

  it.each(['3 Likes', '1,204 views', 'You are visitor number 48213 since March 2001.', 'Page 2 of 24', 'Seite 1 von 5'])('drops the counter "%s"', (counter) => {
    expect(bodyOf(`<h1>Fish market</h1>${ARTICLE_HTML}<p>${counter}</p>`)).toBe(ARTICLE.join('\n\n'));
  });

  it.each([
    ['Gate four during a test closure. <span>Photograph: Tomasz Reiner/The Estuary Post</span>', 'Gate four during a test closure.'],
    ['Gate four during a test closure.<span>Credit...</span>Lukas Brandl for The Ledger', 'Gate four during a test closure.'],
    ['Gate four during a test closure.<span>Ruaridh Kerr for Meridian</span>', 'Gate four during a test closure.'],
    ['Gate four during a test closure. Photo by the author.', 'Gate four during a test closure.'],
    ['Gate four during a test closure (Image: Estuary Flood Authority)', 'Gate four during a test closure'],
    ['Gate four, photographed by Tom Reilly for the annual report.', 'Gate four, photographed by Tom Reilly for the annual report.'],
  ])('drops the photo credit from the caption "%s"', (caption, kept) => {
    const html = `<h1>Fish market</h1><figure><img src="/gate.jpg" alt=""><figcaption>${caption}</figcaption></figure>${ARTICLE_HTML}`;
    expect(bodyOf(html)).toBe([kept, ...ARTICLE].join('\n\n'));
  });

  it("drops a metered paywall's count of free articles", () => {
    expect(bodyOf(`<h1>Fish market</h1>${ARTICLE_HTML}<p>You have read 3 of your 3 free features this month</p>`)).toBe(ARTICLE.join('\n\n'));
  });

  it('drops footnote references, their back-links and bracketed links such as "[source]", but keeps the footnotes', () => {
    const html = `<h1>Fish market</h1><p>${ARTICLE[0]}<sup><a href="#fn:1" class="footnote">1</a></sup></p>
      <p>${ARTICLE[1]} <a href="/_modules/market.html">[source]</a></p><p>${ARTICLE[2]}</p>
      <div class="footnotes"><ol><li id="fn:1"><p>The market closed in 2021. <a href="#fnref:1" class="reversefootnote">↩</a></p></li></ol></div>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'The market closed in 2021.'].join('\n\n'));
  });

  it('keeps the one-word title of a documentation callout such as "Note"', () => {
    const html = `<h1>Fish market</h1>${ARTICLE_HTML}<div class="admonition note"><p class="admonition-title">Note</p>
      <p>The market hall is closed to visitors on public holidays.</p></div>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'Note', 'The market hall is closed to visitors on public holidays.'].join('\n\n'));
  });

  it.each([
    'This page was last updated on 3 February 2026.',
    'Deze pagina is voor het laatst gewijzigd op 3 februari 2026.',
    'Diese Seite wurde zuletzt am 3. Februar 2026 geändert.',
    'Dernière mise à jour : 3 février 2026',
  ])('drops the last-modified note "%s"', (note) => {
    expect(bodyOf(`<h1>Fish market</h1>${ARTICLE_HTML}<p>${note}</p>`)).toBe(ARTICLE.join('\n\n'));
  });

  it('keeps a caption that shares a few words with the title', () => {
    const html = `<h1>Fish market</h1>${ARTICLE_HTML}<table><caption>Fish market stalls in 2024</caption>
      <tr><th>Hall</th><th>Stalls</th></tr><tr><td>North</td><td>24</td></tr></table>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'Fish market stalls in 2024', 'Hall\tStalls\nNorth\t24'].join('\n\n'));
  });

  it.each(['Top stories', 'Up next', 'Deel deze pagina', 'Seite teilen'])('drops a box that opens with the heading "%s"', (heading) => {
    const box = `<div class="box"><h2>${heading}</h2><h3><a href="/a">Ferry timetable changes</a></h3>
      <p>The winter timetable starts in November, with two fewer sailings a day on the northern route.</p></div>`;
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${box}</main>`)).toBe(ARTICLE.join('\n\n'));
  });

  it('takes the headline from the content, not from a site name in the menu bar', () => {
    const html = `<div role="navigation"><h1><a href="/">The Harbour Ledger</a></h1></div><div class="post"><div class="head"><h1>Fish market</h1>
      <h3>Why a town that has not sold fish in years still argues about its market.</h3></div><div class="text">${ARTICLE_HTML}${ARTICLE_HTML}</div></div>`;
    expect(bodyOf(html)).toContain('Why a town that has not sold fish');
  });
});
