import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/extract';
import { withoutPhotoCredit } from '../../../lib/extract/photo-credits';

// Rules found with the two blind batches of news and blog pages of 2026-11-25 (NPR, g1, Joomla, ABC, Times of India,
// Hugo PaperMod, Le Monde, Naver, an Arabic site, Hashnode): each is written here on a small page of its own.

const ARTICLE = [
  'The harbour board met on Tuesday to discuss the future of the old fish market, which has stood empty for three years.',
  'Members agreed that the building should be kept, but disagreed about whether it should become housing, offices or a venue.',
  'A public consultation will run until the end of March, and the board expects to make a decision before the summer.',
];
const ARTICLE_HTML = ARTICLE.map((text) => `<p>${text}</p>`).join('');
const CAPTION = 'The old fish market seen from the harbour wall on Monday morning';

const bodyOf = (body: string) =>
  extractPage(`<!doctype html><html><head><title>Fish market</title></head><body>${body}</body></html>`, 'https://news.example/story').articleBody;

const credit = (caption: string) => withoutPhotoCredit([caption])[0];

describe('captions', () => {
  it('counts once a caption repeated for the enlarged view (NPR)', () => {
    const figure = `<div class="bucketwrap image"><div class="credit-caption"><div class="caption-wrap"><div class="caption"><p>${CAPTION}.</p></div></div>
      <span class="credit">Dana Ries for NPR</span></div><div class="enlarge_measure"><img src="/a.jpg" alt=""></div>
      <div class="enlarge_html"><div class="image_data"><p class="caption">${CAPTION}.</p></div></div></div>`;
    expect(bodyOf(`<article><h1>Fish market</h1><div class="storytext">${figure}${ARTICLE_HTML}</div></article>`)).toBe(
      [`${CAPTION}.`, ...ARTICLE].join('\n\n'),
    );
  });

  it('keeps a short paragraph, or one that is not repeated right after itself', () => {
    const html = `<article><h1>Fish market</h1><div class="body">${ARTICLE_HTML}<p>${ARTICLE[0]}</p><p>Not yet, she said.</p><p>Not yet, she said.</p></div></article>`;
    expect(bodyOf(html)).toBe([...ARTICLE, ARTICLE[0], 'Not yet, she said.', 'Not yet, she said.'].join('\n\n'));
  });

  it('cuts a credit set apart by a dash, with the dash (g1)', () => {
    expect(credit('Feira no Bosque Central, em Londrina — Foto: Renan Albuquerque/RPC')).toBe('Feira no Bosque Central, em Londrina');
    expect(credit('A well-known half-timbered house - seen from the square')).toBe('A well-known half-timbered house - seen from the square');
  });

  it('cuts a closing "(Source: Name)" credit (ABC)', () => {
    expect(credit('Growers say losses are the worst in decades.(ABC News: Lachlan Petrakis)')).toBe('Growers say losses are the worst in decades.');
    expect(credit('The plant opened in 2019 (phase one: 40 megawatts)')).toBe('The plant opened in 2019 (phase one: 40 megawatts)');
  });

  it('keeps a lead photo caption between the headline and the body, sentence or not', () => {
    const html = `<article><header><h1>Fish market</h1></header><figure><img src="/a.jpg" alt=""><figcaption>${CAPTION}</figcaption></figure>
      <div class="article-body">${ARTICLE_HTML}</div></article>`;
    expect(bodyOf(html)).toBe([CAPTION, ...ARTICLE].join('\n\n'));
  });

  it('keeps a caption marked aria-hidden: the reader still sees it (Le Monde)', () => {
    const html = `<article><h1>Fish market</h1><div class="article__content"><figure><img src="/a.jpg" alt="">
      <figcaption aria-hidden="true">${CAPTION}. <span class="credit">PAT ROE POUR « LE MONDE »</span></figcaption></figure>${ARTICLE_HTML}</div></article>`;
    expect(bodyOf(html)).toBe([`${CAPTION}.`, ...ARTICLE].join('\n\n'));
  });
});

describe('the story around the body', () => {
  it('does not climb out of <main> into the modules beside it (Joomla)', () => {
    const modules = ['Notdienste', 'Wetter am See', 'Öffnungszeiten'].map(
      (title) => `<div class="card"><h3>${title}</h3><div class="card-body"><p>Montag bis Freitag von acht bis zwölf Uhr, donnerstags auch nachmittags.</p></div></div>`,
    );
    const html = `<div class="site-grid"><div class="grid-child"><main><div class="item-page"><h1>Fish market</h1>
      <div itemprop="articleBody">${ARTICLE_HTML}</div></div></main></div><div class="grid-child">${modules.join('')}</div></div>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });

  it('keeps a "Key points" box between the headline and the body (ABC)', () => {
    const html = `<article><h1>Fish market</h1><div class="KeyPoints_container"><h2>Key points</h2><ul><li>The market stays</li>
      <li>A consultation runs until March</li></ul></div><div id="body">${ARTICLE_HTML}</div></article>`;
    expect(bodyOf(html)).toBe(['Key points', 'The market stays\nA consultation runs until March', ...ARTICLE].join('\n\n'));
  });

  it('keeps a subtitle set as a heading of its own under the headline (Hashnode)', () => {
    const subtitle = 'What the board decided, and what it left for the summer';
    const html = `<article><div><h1>Fish market</h1><div class="subtitle"><h2>${subtitle}</h2></div><div class="author"><a href="/@ana">Ana</a></div>
      <div class="prose">${ARTICLE_HTML}${ARTICLE_HTML}</div></div></article>`;
    expect(bodyOf(html)).toBe([subtitle, ...ARTICLE, ...ARTICLE].join('\n\n'));
  });

  it("keeps a block quote's attribution line named like a byline (Le Monde)", () => {
    const html = `<article><h1>Fish market</h1><div class="article__content">${ARTICLE_HTML}<blockquote><p>« Keep the market. »</p>
      <p class="article__quote-author">— Ana Ruiz, fishmonger</p></blockquote></div></article>`;
    const text = bodyOf(html);
    expect(text).toContain('« Keep the market. »');
    expect(text).toContain('— Ana Ruiz, fishmonger');
  });
});

describe('furniture inside the body', () => {
  it('drops a label such as "Also Read" or "VEJA TAMBÉM:" with its list of links (Times of India, g1)', () => {
    for (const label of ['<span>Also Read</span>', '<p><strong>VEJA TAMBÉM:</strong></p>']) {
      const html = `<article><h1>Fish market</h1><div class="body"><p>${ARTICLE[0]}</p><div>${label}<ul><li><a href="/x">Ferry timetable changes</a></li>
        <li><a href="/y">Lifeboat appeal reaches its target</a></li></ul></div><p>${ARTICLE[1]}</p><p>${ARTICLE[2]}</p></div></article>`;
      expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
    }
  });

  it("keeps the story's own list after a heading that is no related-links label", () => {
    const html = `<article><h1>Fish market</h1><div class="body">${ARTICLE_HTML}<p>Sources:</p><ul><li><a href="/x">Harbour board minutes</a></li>
      <li><a href="/y">Consultation paper</a></li></ul></div></article>`;
    expect(bodyOf(html)).toContain('Harbour board minutes');
  });

  it('drops a "Leia mais … em <link>" cross-link line and a WhatsApp channel promotion (g1)', () => {
    const html = `<article><h1>Fish market</h1><div class="body">${ARTICLE_HTML}<p><strong>📲 Participe do canal do g1 PR no WhatsApp</strong></p>
      <p>Leia mais notícias da região em <a href="/pr">g1 Norte e Noroeste</a>.</p></div></article>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });

  it('drops a section headed "VÍDEOS: mais assistidos" (g1)', () => {
    const html = `<article><h1>Fish market</h1><div class="body">${ARTICLE_HTML}<div class="videos"><p><strong>VÍDEOS: mais assistidos do g1 PR</strong></p>
      <p>Feira de Londrina amplia horários</p></div></div></article>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });

  it("drops Chroma's line numbers from a Hugo code block", () => {
    const html = `<article><h1>Fish market</h1><div class="post-content">${ARTICLE_HTML}<div class="highlight"><div class="chroma">
      <table class="lntable"><tr><td class="lntd"><pre class="chroma"><code><span class="lnt">1
</span><span class="lnt">2
</span></code></pre></td><td class="lntd"><pre class="chroma"><code class="language-go"><span class="line"><span class="cl">package main
</span></span><span class="line"><span class="cl">func main() {}
</span></span></code></pre></td></tr></table></div></div></div></article>`;
    expect(bodyOf(html)).toBe([...ARTICLE, 'package main\nfunc main() {}'].join('\n\n'));
  });
});

describe('blog lines without full stops', () => {
  it("keeps a Korean blogger's greeting, emoji section labels and rating lines (Naver)", () => {
    const html = `<div class="se-main-container"><h1>Fish market</h1>
      <p>안녕하세요, 여행하는 다람쥐입니다 🐿️</p><p>지난 주말에 친구랑 1박 2일로 강릉에 다녀왔어요. 바다도 보고 커피도 마시고 했지만 이번 여행의 진짜 목적은 바로 장칼국수였답니다.</p>
      <p>🍜 메뉴</p><p>메뉴는 정말 단출해요. 장칼국수와 감자옹심이 칼국수 두 가지뿐이고, 가격도 착한 편이었어요.</p><p>맛: ★★★★★</p></div>`;
    expect(bodyOf(html).split('\n\n')).toEqual([
      '안녕하세요, 여행하는 다람쥐입니다 🐿️',
      '지난 주말에 친구랑 1박 2일로 강릉에 다녀왔어요. 바다도 보고 커피도 마시고 했지만 이번 여행의 진짜 목적은 바로 장칼국수였답니다.',
      '🍜 메뉴',
      '메뉴는 정말 단출해요. 장칼국수와 감자옹심이 칼국수 두 가지뿐이고, 가격도 착한 편이었어요.',
      '맛: ★★★★★',
    ]);
  });

  it('still drops a one-word kicker before the text', () => {
    const html = `<article><h1>Fish market</h1><div class="body"><p>Harbour</p>${ARTICLE_HTML}</div></article>`;
    expect(bodyOf(html)).toBe(ARTICLE.join('\n\n'));
  });
});
