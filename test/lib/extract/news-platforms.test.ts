import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';
import { withoutPhotoCredit } from '../../../lib/extract/photo-credits';

// Rules found with the third batch of 2026-11-25 (CNN, Reuters, tagDiv Newspaper, Next.js MDX blog, Drupal, Japanese
// and Italian news pages): each is written here on a small page of its own.

const ARTICLE = [
  'The harbour board met on Tuesday to discuss the future of the old fish market, which has stood empty for three years.',
  'Members agreed that the building should be kept, but disagreed about whether it should become housing, offices or a venue.',
  'A public consultation will run until the end of March, and the board expects to make a decision before the summer.',
];
const ARTICLE_HTML = ARTICLE.map((text) => `<p>${text}</p>`).join('');
const STANDFIRST = 'The board will decide before the summer, after a consultation that runs until March.';

const bodyOf = (body: string) =>
  extractPage(`<!doctype html><html><head><title>Fish market</title></head><body>${body}</body></html>`, 'https://news.example/story').articleBody;

const SITE_MENU = `<header class="site"><a href="/">Harbour Ledger</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>`;
const RAIL = `<div class="rail"><h3>Most read</h3><ul><li><a href="/a">Ferry timetable changes for the winter</a></li><li><a href="/b">Lifeboat appeal</a></li></ul></div>`;

describe('the article header and standfirst', () => {
  it("keeps the standfirst of an article's <header> that holds a breadcrumb <nav>", () => {
    const html = `${SITE_MENU}<main><article><header><nav aria-label="Breadcrumb"><a href="/blog">All posts</a></nav>
      <h1>Fish market</h1><p>${STANDFIRST}</p></header><div class="prose">${ARTICLE_HTML}</div></article></main>`;
    expect(bodyOf(html)).toBe([STANDFIRST, ...ARTICLE].join('\n\n'));
  });

  it('keeps the standfirst of a <header> with a row of topics inside <main>', () => {
    const html = `${SITE_MENU}<main><header><nav aria-label="Topics"><a href="/markets/">Markets</a></nav><h1>Fish market</h1>
      <p>${STANDFIRST}</p></header><div class="story">${ARTICLE_HTML}</div></main>${RAIL}`;
    expect(bodyOf(html)).toBe([STANDFIRST, ...ARTICLE].join('\n\n'));
  });

  it('keeps a standfirst that a page builder puts in a row of its own, far from the body', () => {
    const column = (inner: string) => `<div class="row"><div class="column"><div class="wrapper">${inner}</div></div></div>`;
    const html = `${SITE_MENU}<article>${column(`<div class="block title"><div class="inner"><h1>Fish market</h1></div></div>
      <div class="block subtitle"><div class="inner"><p>${STANDFIRST}</p></div></div>`)}
      ${column(`<div class="block"><div class="inner">${ARTICLE_HTML}${ARTICLE_HTML}</div></div>`)}</article>${RAIL}`;
    expect(bodyOf(html)).toBe([STANDFIRST, ...ARTICLE, ...ARTICLE].join('\n\n'));
  });

  it('drops a list of tags linking to taxonomy pages', () => {
    const tags = '<ul><li>Tags:</li><li><a href="/tags/harbour">harbour</a></li><li><a href="/tag/markets/">markets</a></li></ul>';
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${tags}</main>`)).toBe(ARTICLE.join('\n\n'));
  });

  it('keeps a list of links to other pages that are not tags', () => {
    const links = '<ul><li><a href="/minutes/2024-03">Minutes of the March meeting</a></li><li><a href="/plans">The plans</a></li></ul>';
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${links}</main>`)).toContain('Minutes of the March meeting');
  });
});

describe('names that say where the body is', () => {
  it('reads a body named "ArticleBody" even when a class marks it paywalled, up to its sign-off', () => {
    const html = `${SITE_MENU}<main><h1>Fish market</h1><div data-testid="ArticleBody" class="body__content paywall-article">
      <div class="body__row">${ARTICLE_HTML}<div class="promo-box"><p>Sign up for our daily briefing newsletter.</p></div></div>
      <p class="sign-off">Reporting by Ana Ruiz in Leith; Editing by Tom Hale</p></div></main>${RAIL}`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'Reporting by Ana Ruiz in Leith; Editing by Tom Hale'].join('\n\n'));
  });

  it('still drops a byline that starts "Reporting by"', () => {
    expect(bodyOf(`<main><h1>Fish market</h1><p>Reporting by Ana Ruiz</p>${ARTICLE_HTML}</main>`)).toBe(ARTICLE.join('\n\n'));
  });
});

describe('text no reader sees as the page', () => {
  it('drops a screen-reader-only heading such as GFM\'s "Footnotes"', () => {
    const html = `<main><h1>Fish market</h1>${ARTICLE_HTML}<section class="footnotes"><h2 class="sr-only">Footnotes</h2>
      <ol><li><p>The market closed in 2021.</p></li></ol></section></main>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'The market closed in 2021.'].join('\n\n'));
  });

  it("drops a form control's label, such as a live blog's sort order", () => {
    const html = `<main><h1>Fish market</h1><div class="controls"><label><input type="checkbox"> Oldest first</label></div>${ARTICLE_HTML}</main>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });

  it('drops the "opens new tab" note of a link', () => {
    const html = `<main><h1>Fish market</h1>${ARTICLE_HTML}<p>Our standards: <a href="https://example.org/principles">The Harbour Ledger Trust Principles.</a><span>, opens new tab</span></p></main>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });

  it('drops a box of media contacts after the body, but not a paragraph of the release giving one', () => {
    const box = `<div class="field field--name-field-media-contact"><div class="field__label">Media contact</div>
      <div class="field__item"><p>Rosa Achebe</p><p>Senior Communications Specialist</p></div></div>`;
    expect(bodyOf(`<main><h1>Fish market</h1><div class="body">${ARTICLE_HTML}</div>${box}</main>`)).toBe(ARTICLE.join('\n\n'));
    const paragraph = '<p><strong>Media contact</strong><br>Rosa Achebe<br>press@harbour.example</p>';
    expect(bodyOf(`<main><h1>Fish market</h1><div class="body">${ARTICLE_HTML}${paragraph}</div></main>`)).toContain('Rosa Achebe');
  });
});

describe('embeds in a story', () => {
  it("keeps an embedded post's text inside a wrapper named \"social-embed\", without its attribution line", () => {
    const embed = `<div class="social-embed"><div class="social-embed__wrapper"><blockquote class="twitter-tweet"><p lang="en">Heat warning extended through Friday evening for the metro area. Check on your neighbours.</p>&mdash; Weather Office (@WeatherOffice) <a href="https://twitter.com/WeatherOffice/status/1">October 14, 2025</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></div></div>`;
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${embed}</main>`)).toBe(
      [...ARTICLE, 'Heat warning extended through Friday evening for the metro area. Check on your neighbours.'].join('\n\n'),
    );
  });

  it("drops a video card's title and description", () => {
    const video = `<div class="video-resource"><div class="video-resource__player"><button aria-label="Play"></button></div>
      <div class="video-resource__details"><h3>What the market looked like in 1970</h3><div>Archive footage of the market hall in its busiest years.</div><span>1:58</span></div></div>`;
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${video}${ARTICLE_HTML}</main>`)).toBe([...ARTICLE, ...ARTICLE].join('\n\n'));
  });

  it("keeps a photo's caption in a box named like article metadata, without its credit", () => {
    const image = `<div class="image"><img src="/m.jpg" alt=""><div class="image__metadata"><div itemprop="caption" class="image__caption">
      The market hall on the quay in March.</div><figcaption class="image__credit">Jordan Pell/AP</figcaption></div></div>`;
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${image}</main>`)).toBe([...ARTICLE, 'The market hall on the quay in March.'].join('\n\n'));
  });
});

describe('photo credits of news agencies and newspapers', () => {
  it.each([
    ['A haul truck in the open pit, March 3, 2024. REUTERS/Ivan Alvarado/File Photo', 'A haul truck in the open pit, March 3, 2024. '],
    ['Firefighters on the ridge on Tuesday. (AP Photo/Matt York)', 'Firefighters on the ridge on Tuesday. '],
    ['A radar dome outside Pueblo. (Dana Whitcomb for The Washington Post)', 'A radar dome outside Pueblo. '],
    ['Crowds at the pier on Sunday. (Jabin Botsford/The Post)', 'Crowds at the pier on Sunday. '],
    ['打ち合わせをする社員ら＝香川県汐見町で2025年11月14日、森下沙織撮影', '打ち合わせをする社員ら'],
    ['Fans at the AC/DC concert in the park.', 'Fans at the AC/DC concert in the park.'],
    ['The dock (left) and the ferry (right) in May.', 'The dock (left) and the ferry (right) in May.'],
  ])('cuts the credit from "%s"', (caption, kept) => {
    expect(withoutPhotoCredit([caption]).join('')).toBe(kept);
  });
});
