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

  it.each(['3 Likes', '1,204 views', 'You are visitor number 48213 since March 2001.'])('drops the counter "%s"', (counter) => {
    expect(bodyOf(`<h1>Fish market</h1>${ARTICLE_HTML}<p>${counter}</p>`)).toBe(ARTICLE.join('\n\n'));
  });

  it('takes the headline from the content, not from a site name in the menu bar', () => {
    const html = `<div role="navigation"><h1><a href="/">The Harbour Ledger</a></h1></div><div class="post"><div class="head"><h1>Fish market</h1>
      <h3>Why a town that has not sold fish in years still argues about its market.</h3></div><div class="text">${ARTICLE_HTML}${ARTICLE_HTML}</div></div>`;
    expect(bodyOf(html)).toContain('Why a town that has not sold fish');
  });
});
