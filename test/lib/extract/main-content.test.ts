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

describe('a short story among longer furniture', () => {
  const BRIEF = [
    'Residents of the Cedar Point subdivision no longer need to boil their tap water, the town utility said Tuesday.',
    "Samples taken after Sunday's pump failure came back clean.",
  ];
  const BRIEF_HTML = BRIEF.map((text) => `<p>${text}</p>`).join('');
  const HEAD = '<title>Boil-water advisory lifted | Lakeshore Courier</title>';
  const HEADLINE = '<h1>Boil-water advisory lifted</h1><div class="byline">By Courier Staff</div>';
  const OTHER_STORIES: [string, string][] = [
    ['Marina expansion heads to a vote', "More than sixty people signed up to speak at Monday's council meeting, most of them boat owners who say the plan would double slip fees while doing little about the silt in the east channel."],
    ['State proposes tighter perch limits', 'Biologists say young perch numbers have fallen for five straight years, and the proposal would cut the daily bag limit from fifteen to ten while closing the spawning reefs until June.'],
    ["Library roof repairs close the children's room", "Crews found rotted decking under the flat roof, so story time moves to the community center on Elm Street and summer reading sign-ups go to the front desk until the work is done."],
    ['Robotics team heads to state finals', 'The Lakeshore High robotics club built its machine in a borrowed garage after a pipe burst in the school shop, and it still finished second at the regional qualifier in Green Bay.'],
  ];
  const promos = (className = 'promo') =>
    OTHER_STORIES.map(([title, summary], i) => `<div class="${className}"><h3><a href="/news/${i}">${title}</a></h3><p>${summary}</p></div>`).join('');
  const clips = OTHER_STORIES.map(
    ([title, summary], i) => `<li class="clip"><a href="/video/${i}"><span class="duration">1:4${i}</span><h3>${title}</h3></a><p>${summary}</p></li>`,
  ).join('');
  const page = (body: string) => bodyOf(`<header><a href="/">Lakeshore Courier</a>${NAV}</header>${body}`, HEAD);

  it('keeps a two-sentence story in its article beside a video playlist and a "Top stories" rail with longer summaries', () => {
    const html = `<div class="columns"><main><article>${HEADLINE}<div class="story-body">${BRIEF_HTML}</div></article>
      <div class="playlist"><div class="playlist-label">Latest video</div><ul>${clips}</ul></div></main>
      <div class="rail"><h2>Top stories</h2>${promos()}</div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps it when class names drop the teasers and the retry without class names would take them', () => {
    const html = `<div class="columns"><main><article>${HEADLINE}<div class="story-body">${BRIEF_HTML}</div></article>
      <div class="video-player-playlist"><ul>${clips}</ul></div></main><div class="recirc-rail">${promos()}</div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps it without an article element, beside link-wrapped teasers under a "Top stories" label', () => {
    const tiles = OTHER_STORIES.map(([title, summary], i) => `<a class="tile" href="/news/${i}"><span class="tile-title">${title}</span><p>${summary}</p></a>`);
    const html = `<div class="grid"><div class="col-8"><div class="story-head">${HEADLINE}</div><div class="story-text">${BRIEF_HTML}</div></div>
      <div class="col-4"><div class="module"><div class="module-label">Top stories</div>${tiles.join('')}</div></div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps it without an article element, beside a playlist under a "Latest videos" label', () => {
    const html = `<div class="page"><div class="story-head">${HEADLINE}</div><div class="story-text">${BRIEF_HTML}</div>
      <div class="playlist"><div class="playlist-label">Latest videos</div><ul>${clips}</ul></div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps it beside a "Top stories" box that holds most of the page\'s text', () => {
    const html = `<div class="main-col"><div class="story-head">${HEADLINE}</div><div class="story-text">${BRIEF_HTML}</div>
      <div class="box"><h3>Top stories</h3>${promos()}</div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps it inside an article element that goes on with "More from Local News" cards', () => {
    const html = `<main><article>${HEADLINE}<div class="story-text">${BRIEF_HTML}</div>
      <div class="x-more"><h2><a href="/news/local">More from Local News</a></h2>${promos('x-card')}</div></article></main>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it("keeps the caption of the story's only photo, without its credit", () => {
    const figure = `<div class="lead"><figure><img src="/hydrant.jpg" alt=""><figcaption>A utility crew flushes a hydrant on Cedar Point Drive on Monday.
      <span>Photo: Dana Ruiz/Lakeshore Courier</span></figcaption></figure></div>`;
    const html = `<main><article><div class="head">${HEADLINE}</div>${figure}<div class="body"><div class="text">${BRIEF_HTML}</div></div></article>
      <section class="more"><h2>Top stories</h2>${promos()}</section></main>`;
    expect(page(html)).toBe(['A utility crew flushes a hydrant on Cedar Point Drive on Monday.', ...BRIEF].join('\n\n'));
  });

  it("drops a sidebar outside the story's article element, however much more text it holds", () => {
    const about = OTHER_STORIES.map(([, summary]) => `<p>${summary}</p>`).join('');
    const html = `<div class="wrap"><div class="col-main"><article>${HEADLINE}<div class="text">${BRIEF_HTML}</div></article></div>
      <div class="col-side"><div class="sidebar-about">${about}</div></div></div>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  const comments = (count: number) =>
    Array.from({ length: count }, (_, i) => `<li class="comment"><div class="comment-author">Reader ${i}</div><div class="comment-content">
      <p>Reader ${i} says the utility should have warned the whole subdivision by text message on Sunday instead of leaving notes on doors, because half the street never saw them.</p></div></li>`).join('');
  it.each([
    ['a heading', `<div id="respond-area"><h2>6 responses to “Boil-water advisory lifted”</h2><ol>${comments(6)}</ol></div>`],
    ['only a class name', `<div id="comments"><ol class="commentlist">${comments(6)}</ol></div>`],
  ])('keeps a one-paragraph post above a long comment thread with %s', (_, thread) => {
    const html = `<main><article>${HEADLINE}<div class="entry">${BRIEF_HTML}</div></article>${thread}</main>`;
    expect(page(html)).toBe(BRIEF.join('\n\n'));
  });

  it('keeps a one-paragraph post above a long comment thread without a wrapper', () => {
    const entries = Array.from({ length: 6 }, (_, i) => `<p><b>Reader ${i}</b>: the utility should have warned the whole subdivision by text message on Sunday.</p>`);
    expect(page(`${HEADLINE}${BRIEF_HTML}<h3>Comments</h3>${entries.join('')}`)).toBe(BRIEF.join('\n\n'));
  });
});

describe('the retry without class names', () => {
  it('recovers the text of a page builder that calls every wrapper a "widget"', () => {
    const widget = (kind: string, inner: string) =>
      `<div class="elementor-element elementor-widget elementor-widget-${kind}"><div class="elementor-widget-container">${inner}</div></div>`;
    const html = `<div class="elementor"><section class="elementor-section"><div class="elementor-column"><div class="elementor-widget-wrap">
      ${widget('heading', '<h1 class="elementor-heading-title">Fish market future debated</h1>')}
      ${widget('text-editor', `<p>${PARAGRAPHS[0]}</p>`)}${widget('image', '<img src="/market.jpg" alt="">')}
      ${widget('text-editor', `<p>${PARAGRAPHS[1]}</p><p>${PARAGRAPHS[2]}</p>`)}${widget('text-editor', `<p>${PARAGRAPHS[3]}</p>`)}
      </div></div></section></div>`;
    expect(bodyOf(`${NAV}${html}<footer><p>Footer text</p></footer>`)).toBe(EXPECTED);
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
