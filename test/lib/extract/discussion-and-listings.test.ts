import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';

const ARTICLE = [
  'The harbour board met on Tuesday to discuss the future of the old fish market, which has stood empty for three years.',
  'Members agreed that the building should be kept, but disagreed about whether it should become housing, offices or a venue.',
  'A public consultation will run until the end of March, and the board expects to make a decision before the summer.',
];
const ARTICLE_HTML = ARTICLE.map((text) => `<p>${text}</p>`).join('');

/** Long reader posts, so the thread holds more text than the article. */
const posts = (count: number) =>
  Array.from({ length: count }, (_, i) => `<div class="x-entry"><div class="x-who"><span>Reader ${i}</span><span>${i + 1} hours ago</span></div>
    <div class="x-text"><p>Reader ${i} wrote at length that the market should become a venue for concerts, with stalls on weekends and a café by the water, because the town needs a place to meet.</p></div>
    <div class="x-bar"><button>Like</button><button>Reply</button></div></div>`).join('');

const bodyOf = (body: string) =>
  extractPage(`<!doctype html><html><head><title>Fish market</title></head><body>${body}</body></html>`, 'https://news.example/story').articleBody;

describe('reader discussion', () => {
  it.each([
    'Join the conversation', '31 comments', 'Comments (31)', '3 Responses to “Fish market”', 'Kommentare', 'Customer reviews', 'Avis clients', 'Recensioni',
    'Questions about this product', 'Customer questions & answers',
  ])(
    'drops a thread, however long, that opens with the heading "%s" behind a wrapper',
    (heading) => {
      const html = `<div class="page"><h1>Fish market</h1><div class="story">${ARTICLE_HTML}</div>
        <section class="x-wrap"><div class="x-head"><h2>${heading}</h2><span>31</span></div>${posts(8)}</section></div>`;
      expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
    },
  );

  it('drops schema.org reviews of the page item but keeps the replies of a forum posting', () => {
    const review = '<div itemprop="review" itemscope itemtype="https://schema.org/Review"><p>Bought two of these and both still work after a year of daily use in the rain.</p></div>';
    expect(bodyOf(`<div itemscope itemtype="https://schema.org/Product"><h1>Fish market</h1>${ARTICLE_HTML}${review}${review}</div>`)).toBe(ARTICLE.join('\n\n'));
    const reply = '<div itemprop="comment" itemscope itemtype="https://schema.org/Comment"><p>I had the same problem and fixed it by replacing the seal, which costs very little.</p></div>';
    const thread = `<div itemscope itemtype="https://schema.org/DiscussionForumPosting"><h1>Fish market</h1>${ARTICLE_HTML}${reply}</div>`;
    expect(bodyOf(thread)).toContain('replacing the seal');
  });

  it('drops forms a reader fills in, such as a booking form, but keeps the text around them', () => {
    const form = '<div class="booking"><h2>Book your place</h2><form><label>Adults</label><select><option>1</option></select><p>5 places remaining</p></form></div>';
    expect(bodyOf(`<main><h1>Fish market</h1>${ARTICLE_HTML}${form}</main>`)).toBe(ARTICLE.join('\n\n'));
  });
});

describe('class names', () => {
  it('does not read visibility of a part or in another context ("field--label-hidden", "no-js-hidden") as the element being hidden', () => {
    const html = `<h1>Fish market</h1><div class="field field--label-hidden quick-add-hidden">${ARTICLE_HTML}</div>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });
});

describe('listing pages', () => {
  const entry = (title: string, summary: string, label = '') => `<article class="card"><a class="card-link" href="/${title.length}">
    <header>${label ? `<span class="kicker">${label}</span>` : ''}<h2>${title}</h2></header><div class="excerpt">${summary}</div></a></article>`;
  const ENTRIES: [string, string][] = [
    ['Ferry timetable changes', 'The winter timetable starts in November, with two fewer sailings a day on the northern route.'],
    ['Lifeboat station opens', 'After a four-year appeal the new station on the north quay was opened by the crew on Saturday.'],
    ['Harbour wall repairs', 'Engineers say the storm damage is worse than feared and the work will take most of the spring.'],
  ];

  it('keeps the title and summary of every entry whose whole card is a link, and drops a sponsored entry', () => {
    const cards = ENTRIES.map(([title, summary]) => entry(title, summary)).join('');
    const advert = entry('Boots for the season', 'Waterproof, light and repairable: get free delivery with our code this month.', 'Sponsored');
    const text = bodyOf(`<main><h1>Harbour news</h1><div class="feed">${cards}${advert}</div></main>`);
    expect(text).toBe(ENTRIES.flat().join('\n\n'));
  });

  const MORE_ENTRIES: [string, string][] = [
    ...ENTRIES,
    ['New fish market plans', 'The board has published three designs for the empty market hall and wants comments by the end of March.'],
    ['Car park charges rise', 'Parking by the ferry terminal will cost a pound more a day from April, the council confirmed on Monday.'],
    ['Pier lights replaced', 'The north pier reopens on Saturday after two weeks of repairs to its lamps and railings.'],
  ];
  const INTRO = 'Everything we have reported about the harbour: its ferries, its lifeboat, its walls and the long argument about the old fish market, from the first council vote in 2019 to the latest plans. Stories are listed newest first; older ones are in the archive.';

  it('keeps the introduction that outscores the link-wrapped cards, every card, and nothing of the tag cloud and sign-up box after them', () => {
    const cards = MORE_ENTRIES.map(([title, summary], i) => `<a class="card group block" href="/story/${i}"><img src="/img/${i}.jpg" alt="">
      <div class="card-text"><span class="text-xs">News · ${i + 2} March 2024</span><h3 class="text-xl">${title}</h3><p class="text-sm">${summary}</p></div></a>`);
    const html = `<main class="mx-auto max-w-5xl"><div class="term-header"><p class="text-xs uppercase">Tag</p><h1>Fish market</h1>
      <div class="term-intro prose"><p>${INTRO}</p></div></div><div class="grid grid-cols-2 gap-8">${cards.join('')}</div>
      <div class="flex justify-between"><span>Page 1 of 3</span><a href="/tags/harbour/page/2/">Older posts →</a></div>
      <section class="mt-12"><h2>Other tags</h2><ul class="flex gap-2"><li><a href="/tags/ferries/">ferries</a></li><li><a href="/tags/lifeboats/">lifeboats</a></li></ul></section>
      <div class="rounded border p-6"><h2>New stories by email</h2><p>One short email a month with the news from the quays. No spam, and you can leave with one click.</p>
      <form><input type="email" name="email"><input type="submit" value="Subscribe"></form></div></main>`;
    expect(bodyOf(html)).toBe([INTRO, ...MORE_ENTRIES.flat()].join('\n\n'));
  });

  it('drops a rail of other stories that a "Popular" label heads, between the introduction and the cards', () => {
    const tile = ([title, summary]: [string, string], i: number) => `<a class="tile" href="/story/${i}"><h3>${title}</h3><p>${summary}</p></a>`;
    const popular: [string, string][] = [
      ['Bridge closed for repairs', 'The swing bridge stays shut to traffic until the end of the month while its gears are replaced.'],
      ['Regatta dates announced', 'The summer regatta returns on the second weekend of July, with a new junior race round the buoys.'],
    ];
    const html = `<main><div class="top"><h1>Fish market</h1><p>${INTRO}</p></div><div class="layout">
      <div class="left"><div class="label">Popular</div>${popular.map(tile).join('')}</div><div class="grid">${MORE_ENTRIES.map(tile).join('')}</div></div></main>`;
    expect(bodyOf(html)).toBe([INTRO, ...MORE_ENTRIES.flat()].join('\n\n'));
  });

  it('keeps every entry of a listing that gives each entry an article element and its own <h1>', () => {
    const entries = MORE_ENTRIES.map(([title, summary], i) => `<article class="post"><header><h1 class="entry-title"><a href="/story/${i}">${title}</a></h1>
      </header><div class="entry-summary"><p>${summary}</p></div></article>`);
    expect(bodyOf(`<main>${entries.join('')}</main>`)).toBe(MORE_ENTRIES.flat().join('\n\n'));
  });

  it('keeps every entry of a listing whose cards are list items with a link around everything', () => {
    const items = MORE_ENTRIES.map(([title, summary], i) => `<li class="results-item"><a class="results-link" href="/story/${i}">
      <div class="results-media"><img src="/img/${i}.jpg" alt=""></div><div class="results-body"><div class="results-title"><h3>${title}</h3></div>
      <div class="results-summary"><p>${summary}</p></div></div></a></li>`);
    const html = `<main><div class="hero"><div class="hero-inner"><h1>Fish market</h1><div class="lede"><p>${INTRO}</p></div></div></div>
      <section class="results"><ul class="results-list">${items.join('')}</ul></section></main>`;
    const text = bodyOf(html);
    expect(text.startsWith(INTRO)).toBe(true);
    for (const [title, summary] of MORE_ENTRIES) expect(text).toContain(`${title}\n${summary}`);
  });
});
