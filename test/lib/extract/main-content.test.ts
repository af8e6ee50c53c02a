import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';
import { scoreExtraction } from '../../../lib/extract/evaluate';

const PARAGRAPHS = [
  'The harbour board met on Tuesday to discuss the future of the old fish market, which has stood empty for three years.',
  'Members agreed that the building should be kept, but disagreed about whether it should become housing, offices or a venue.',
  'A public consultation will run until the end of March, and the board expects to make a decision before the summer.',
  'Local traders, who lost their stalls when the market closed, have asked to be given priority in any new scheme.',
];
const ARTICLE = PARAGRAPHS.map((text) => `<p>${text}</p>`).join('\n');
const EXPECTED = PARAGRAPHS.join('\n\n');

const NAV = '<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>';
const RELATED_LINKS = `<div><h3>Related stories</h3><ul>
  <li><a href="/a">Ferry timetable changes announced for the winter season</a></li>
  <li><a href="/b">New lifeboat station opens on the north quay after appeal</a></li></ul></div>`;

const bodyOf = (body: string, head = '<title>Fish market future debated</title>') =>
  extractPage(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'https://news.example/story').articleBody;

describe('main content selection', () => {
  it('keeps the article and drops navigation, footer, related links, comments, cookie banner and share widget', () => {
    const html = `
      <div id="cookie-banner"><p>We use cookies to improve your experience, personalise content and analyse our traffic, as set out in our policy.</p><button>Accept</button></div>
      <header><a href="/">Harbour News</a>${NAV}</header>
      <div class="page">
        <div class="main-column">
          <h1>Fish market future debated</h1>
          <div class="share-tools"><a href="https://facebook.example/share">Share on Facebook</a> <a href="https://x.example/share">Post on X</a></div>
          <div class="story">${ARTICLE}</div>
          ${RELATED_LINKS}
          <section class="comments"><h2>3 comments</h2>
            <div><p>I remember buying fish there every Friday with my grandfather, it would be a shame to lose the building entirely.</p></div>
            <div><p>Housing is the only sensible option given how long people are waiting for homes in this town, surely.</p></div>
          </section>
        </div>
        <div class="sidebar"><h3>Most read</h3><ol><li><a href="/x">Bridge closed</a></li><li><a href="/y">Fair returns</a></li></ol></div>
      </div>
      <footer><p>© 2024 Harbour News Ltd. All rights reserved. Registered in Scotland.</p></footer>`;
    expect(bodyOf(html)).toBe(EXPECTED);
  });

  it('reassembles an article split into parts by advertisements', () => {
    const parts = PARAGRAPHS.map((text) => `<div class="body-part"><p>${text}</p></div><div class="ad-slot"><span>Advertisement</span></div>`).join('');
    expect(bodyOf(`${NAV}<article>${parts}</article><footer>Footer text of the site</footer>`)).toBe(EXPECTED);
  });

  it('uses semantic hints such as itemprop=articleBody', () => {
    const teaser = '<div class="teaser"><p>Another long paragraph in a teaser box that describes a different story entirely, about the ferry, at length.</p></div>';
    const html = `${teaser}<div itemprop="articleBody">${ARTICLE}</div>${teaser}`;
    expect(bodyOf(html)).toBe(EXPECTED);
  });

  it('ignores hidden elements', () => {
    const hidden = '<div style="display: none"><p>Hidden text that a reader never sees, however long and well punctuated it is.</p></div><p hidden>Also hidden.</p>';
    expect(bodyOf(`<main>${hidden}${ARTICLE}</main>`)).toBe(EXPECTED);
  });

  it('does not trust taxonomy class names such as "tag-advertising" or modifiers such as "has-sidebar"', () => {
    const html = `<div class="site has-sidebar"><article class="post tag-advertising category-social-media">${ARTICLE}</article></div><aside>Sidebar</aside>`;
    expect(bodyOf(html)).toBe(EXPECTED);
  });

  it('keeps the standfirst and drops the repeated headline, byline and dateline', () => {
    const html = `<article>
      <header><h1>Fish market future debated</h1>
        <p class="standfirst">The harbour board cannot agree what the empty building should become.</p>
        <p>By Morag Campbell</p><p>12 March 2024, 07:45</p></header>
      <div class="body">${ARTICLE}</div></article>`;
    expect(bodyOf(html)).toBe(`The harbour board cannot agree what the empty building should become.\n\n${EXPECTED}`);
  });

  it('keeps the standfirst even without a final full stop', () => {
    const DEK = 'The harbour board cannot agree what the empty building on the quay should become, and traders are losing patience';
    const html = `<article><div class="head"><h1>Fish market future debated</h1></div>
      <div class="dek"><p>${DEK}</p></div>
      <div class="body">${ARTICLE}</div></article>`;
    expect(bodyOf(html)).toBe(`${DEK}\n\n${EXPECTED}`);
  });

  it('keeps a short article beside teaser cards of other stories with longer summaries', () => {
    const summary = (topic: string) =>
      `Councillors spent most of the evening on the ${topic}, and residents who came to speak were told that a final decision would have to wait until after the spring budget had been agreed by the full council.`;
    const cards = ['ferry timetable', 'lifeboat appeal', 'harbour wall', 'car park charges', 'fish quota', 'school buses']
      .map((topic, i) => `<div class="card"><a href="/story/${i}"><h3>News about the ${topic}</h3><p>${summary(topic)}</p></a></div>`)
      .join('');
    const html = `<div class="column"><article><h1>Fish market future debated</h1><div class="story">${ARTICLE}</div></article>
      <section class="region"><h2>Across the region</h2>${cards}</section></div>`;
    expect(bodyOf(html)).toBe(EXPECTED);
  });

  it('reads the panels of a tab widget that puts role=tablist on their wrapper, and drops a list of tab labels', () => {
    const FACTS = [['Opened', '1898'], ['Architect', 'James Rennie'], ['Stalls', '42 in two halls'], ['Listed', 'Grade II since 1984']];
    const html = `<h1>Fish market future debated</h1>
      <div role="tablist"><button role="tab">Overview</button><a role="tab" href="#history">History of the market</a></div>
      <div class="tabs" role="tablist">
        <div class="tab-title"><a href="#story">Details</a></div>
        <div class="tab-panel" id="story">${ARTICLE}</div>
        <div class="tab-title"><a href="#facts">Facts</a></div>
        <div class="tab-panel" id="facts"><table>${FACTS.map(([name, value]) => `<tr><th>${name}</th><td>${value}</td></tr>`).join('')}</table></div>
      </div>`;
    expect(bodyOf(html)).toBe(`${EXPECTED}\n\n${FACTS.map((row) => row.join('\t')).join('\n')}`);
  });

  it('reads component names from data-component and data-testid where class names are hashed', () => {
    const signup = `<div class="css-1y2mk9o" data-component="newsletter-signup-inline"><p class="css-tn0ks3">Sign up to Morning Tide</p>
      <p class="css-1e1fgg3">Start every weekday with the stories that matter on both banks of the estuary, picked by our editors.</p></div>`;
    const related = '<div class="css-9k2j1a" data-testid="related-inline"><p>Forty years of the barrier, in pictures, from the first piling to the record year.</p></div>';
    const story = PARAGRAPHS.map((text) => `<p class="css-83cqas">${text}</p>`);
    const html = `<main><h1>Fish market future debated</h1><div class="css-1thfk2m">${story[0]}${story[1]}${signup}${story[2]}${related}${story[3]}</div></main>`;
    expect(bodyOf(html)).toBe(EXPECTED);
  });

  it('falls back to the richest region of a page that is not an article', () => {
    const cards = ['Kettle', 'Toaster', 'Teapot', 'Mug']
      .map((name) => `<div class="card"><h3><a href="/p/${name}">${name}</a></h3><p>A ${name.toLowerCase()} for every kitchen, made to last.</p></div>`)
      .join('');
    const result = bodyOf(`${NAV}<div class="grid">${cards}</div><footer><a href="/about">About</a></footer>`);
    expect(result).toContain('Kettle\n\nA kettle for every kitchen, made to last.');
    expect(result).toContain('Mug');
    expect(result).not.toContain('Home');
    expect(result).not.toContain('About');
  });

  it('takes the body itself when the paragraphs sit directly in it', () => {
    expect(bodyOf(`${NAV}<div class="note">x</div>${ARTICLE}<footer><p>Footer text</p></footer>`)).toBe(EXPECTED);
  });

  it('returns an empty body for a page without text', () => {
    expect(bodyOf(NAV)).toBe('');
    expect(bodyOf('')).toBe('');
  });
});

describe('scoreExtraction', () => {
  it('compares lower-cased word tokens as multisets', () => {
    expect(scoreExtraction('The cat sat.', 'the CAT sat')).toEqual({ precision: 1, recall: 1, f1: 1 });
    const score = scoreExtraction('the the cat', 'the cat sat on the mat');
    expect(score.precision).toBeCloseTo(1);
    expect(score.recall).toBeCloseTo(3 / 6);
    expect(score.f1).toBeCloseTo(2 / 3);
    expect(scoreExtraction('a a a', 'a').precision).toBeCloseTo(1 / 3);
  });

  it('counts characters of scripts written without spaces one by one', () => {
    expect(scoreExtraction('ぬか床を始めました', 'ぬか床を始めた')).toEqual({ precision: 7 / 9, recall: 1, f1: 2 * (7 / 9) / (1 + 7 / 9) });
  });

  it('handles empty texts', () => {
    expect(scoreExtraction('', '')).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(scoreExtraction('', 'something')).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(scoreExtraction('something', '')).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
