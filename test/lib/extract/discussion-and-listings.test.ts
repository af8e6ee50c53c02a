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
    'Join the conversation', '31 comments', 'Comments (31)', 'Kommentare', 'Customer reviews', 'Avis clients', 'Recensioni',
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
});
