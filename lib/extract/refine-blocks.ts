/**
 * Last clean-up of the content model: what survived element selection but a reader would not count as
 * content — the headline repeated, bylines and datelines, "Read more" link lines, ad labels, pull quotes,
 * headings left without a section.
 */
import { blockText, flattenInlines, isTextRun, type Block } from './content-blocks';
import { isCounterLine } from './counters';
import { withoutPullQuotes } from './pull-quotes';
import { isSponsoredLabel } from './sponsored';
import { BYLINE_START, SENTENCE_END, visibleLength, wordTokens } from './text';

export interface RefineContext {
  /** Every known form of the page title (JSON-LD, Open Graph, <title> …). */
  titles: string[];
  byline: string | null;
}

const LINK_LINE_DENSITY = 0.6;
const LINK_LINE_MAX_LENGTH = 200;

const LABELS = new Set([
  'advertisement', 'advertisements', 'advert', 'ad', 'ads', 'publicité', 'スポンサーリンク', '広告', 'skip advertisement', 'continue reading',
  'continue reading below', 'story continues below', 'story continues below advertisement', 'article continues below',
  'share', 'share this', 'share this article', 'print', 'email', 'tweet', 'related', 'related articles', 'read more',
  'loading', 'loading…', 'loading...',
]);

/** "Read also" in the languages covered: what introduces a link, or a list of links, to other stories. */
const READ_ALSO = [
  'read (?:more|also|next)', 'also read', 'leia (?:mais|também)', 'veja (?:mais|também)', 'lire (?:aussi|plus|la suite)', 'à lire aussi',
  'voir aussi', 'lea (?:más|también)', 'lee (?:más|también)', 'ver también', 'lesen sie (?:mehr|auch)', 'mehr zum thema', 'auch interessant',
  'leggi (?:anche|altro)', 'vedi anche', 'czytaj (?:też|także|więcej)', 'zobacz (?:też|także)', 'lees (?:ook|meer)', 'zie ook',
].join('|');

/** A cross-link line: "Read more: <link>", "Leia mais notícias da região em <link>", "Lire aussi : <link>". */
const READ_MORE_LINE = new RegExp(`^(?:${READ_ALSO})(?!\\p{L})`, 'iu');
const READ_MORE_MAX_LENGTH = 200;

/** "📲 Participe do canal do g1 PR no WhatsApp", "Follow us on our WhatsApp channel": a messaging-app promotion. */
const MESSAGING_APP = /\b(?:whats ?app|telegram|viber)\b/i;
const JOIN_WORDS = /(?<!\p{L})(?:canal|channel|kanal|chaîne|grupo|group|gruppe|join|follow|subscribe|siga|participe|entre|rejoignez|suivez|folgen|abonnieren|segui|iscriviti|únete|sigue|dołącz|obserwuj)(?!\p{L})/iu;
const MAX_PROMO_LENGTH = 120;

/** Labels of a list of links to other stories: "Also read", "VEJA TAMBÉM:", "Related stories". */
const RELATED_LIST_LABEL = new RegExp(
  `^(?:${READ_ALSO}|related(?: stories| articles| links| coverage| reading)?|more on this(?: story)?)[:.]?$`,
  'iu',
);

/** Titles of documentation callouts ("Note", "Warning" …): one word, but the start of the box's text. */
const CALLOUT_TITLES = new Set([
  'note', 'notes', 'tip', 'hint', 'warning', 'caution', 'danger', 'important', 'attention', 'error', 'info', 'example', 'todo',
  'hinweis', 'tipp', 'warnung', 'achtung', 'remarque', 'astuce', 'avertissement', 'nota', 'consejo', 'aviso', 'advertencia',
  'opmerking', 'waarschuwing',
]);

/** "맛: ★★★★★", "Value: ★★★☆☆": a review's rating line, one word and its stars. */
const RATING_STARS = /[★☆]{3,}/u;
/** "🍜 메뉴", "📍 Location": a blogger's section label, an emoji before a word. */
const EMOJI_LABEL = /^\p{Extended_Pictographic}\uFE0F?\s*\p{L}/u;

/** "This page was last updated on 3 February 2026" and its translations: a date with a sentence around it. */
const PAGE_MODIFIED = new RegExp(
  `^(?:${[
    '(?:(?:this )?page (?:was )?)?last (?:updated|modified|changed|reviewed)', '(?:diese )?seite (?:wurde )?zuletzt',
    'zuletzt (?:geändert|aktualisiert)', '(?:dernière|(?:cette )?page(?: a été)?) mise à jour', 'última actualización',
    '(?:esta )?página (?:fue )?actualizada', '(?:deze )?pagina is (?:voor het )?laatst (?:gewijzigd|bijgewerkt)',
  ].join('|')})\\b`,
  'i',
);

// English, German, French and Spanish month and weekday names with their usual abbreviations.
const CALENDAR_WORDS = new Set([
  ...'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
  ...'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun'.split(' '),
  ...'januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag'.split(' '),
  ...'janvier février mars avril juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche'.split(' '),
  ...'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre'.split(' '),
]);
const DATELINE_WORDS = new Set([
  ...CALENDAR_WORDS,
  ...'updated update published posted on at am pm last modified edited min mins minute minutes read reading time uhr um le mis à jour publié actualizado publicado el de hrs hours ago'.split(' '),
]);

function linkDensity(block: Block): number {
  if (block.kind !== 'paragraph') return 0;
  let text = 0;
  let linked = 0;
  for (const inline of block.inlines) {
    if (!isTextRun(inline)) continue;
    const length = visibleLength(inline.text);
    text += length;
    if (inline.href) linked += length;
  }
  return text > 0 ? linked / text : 0;
}

/**
 * Whether a block repeats the title: most of the shorter wording shared, and lengths comparable ("Re: Title"
 * matches, a heading "Introduction" does not match "Introduction to Rust"). A level-1 heading is the
 * headline whenever the title contains all of it.
 */
function isTitleRepeat(block: Block, tokens: string[], titles: string[][]): boolean {
  if (tokens.length === 0) return false;
  const own = new Set(tokens);
  const isHeadline = block.kind === 'heading' && block.level === 1;
  return titles.some((title) => {
    const titleTokens = new Set(title);
    if (isHeadline && tokens.every((token) => titleTokens.has(token))) return true;
    const shorter = Math.min(own.size, titleTokens.size);
    const longer = Math.max(own.size, titleTokens.size);
    if (shorter / longer < 0.5) return false;
    const shared = [...titleTokens].filter((token) => own.has(token)).length;
    return shared / shorter >= 0.8 && shared / longer >= 0.6;
  });
}

const NUMERIC_DATE = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}/;

/** "Updated 12 March 2024, 7:45am", "08/05/2024 - 10:30": a date and little else; or a page's last-modified note. */
function isDateLine(text: string, tokens: string[]): boolean {
  if (text.length > 80 || !/\d/.test(text)) return false;
  if (PAGE_MODIFIED.test(text)) return true;
  const isDateToken = (token: string) => /^\d+(?:st|nd|rd|th)?$/.test(token) || DATELINE_WORDS.has(token);
  const mentionsDate = NUMERIC_DATE.test(text) || tokens.some((token) => CALENDAR_WORDS.has(token));
  return mentionsDate && tokens.filter((token) => !isDateToken(token)).length <= 1;
}

/** A news agency's sign-off after the story: "Reporting by …; Editing by …" credits the desk, it is no byline. */
const SIGN_OFF = /;\s*(?:additional |further )?(?:reporting|editing|writing|graphics|fact-checking)\s+by\b|\bediting by\b/i;

function isBylineLine(text: string, byline: string | null): boolean {
  if (text.length > 100 || /[.!?]$/.test(text) || SIGN_OFF.test(text)) return false;
  const startsLikeByline = BYLINE_START.test(text) && /^\p{Lu}/u.test(text.replace(BYLINE_START, ''));
  return startsLikeByline || (!!byline && text.includes(byline) && text.length < byline.length + 40);
}

interface TitleInfo {
  tokens: string[][];
  /** Longest title in characters: a much longer block cannot repeat a title. */
  maxLength: number;
}

/** Whether a block is page furniture rather than content; the cheap checks come first. */
function isNoise(block: Block, context: RefineContext, titles: TitleInfo): boolean {
  if (block.kind !== 'paragraph' && block.kind !== 'heading') return false;
  const text = blockText(block);
  if (!text) return true;
  if (text.length > 300) return false;
  if (isBylineLine(text, context.byline)) return true;
  const isParagraph = block.kind === 'paragraph';
  if (isParagraph && (LABELS.has(text.toLowerCase().replace(/[:.]$/, '')) || isSponsoredLabel(text) || isCounterLine(text))) return true;
  if (isParagraph && text.length < LINK_LINE_MAX_LENGTH && linkDensity(block) >= LINK_LINE_DENSITY) return true;
  if (isParagraph && text.length <= READ_MORE_MAX_LENGTH && READ_MORE_LINE.test(text) && linkDensity(block) > 0) return true;
  if (isParagraph && text.length <= MAX_PROMO_LENGTH && MESSAGING_APP.test(text) && JOIN_WORDS.test(text)) return true;
  const mayRepeatTitle = text.length <= 2.5 * titles.maxLength + 10;
  if (!mayRepeatTitle && (!isParagraph || text.length > 80)) return false;
  const tokens = wordTokens(text);
  if (mayRepeatTitle && isTitleRepeat(block, tokens, titles.tokens)) return true;
  const isLoneWord = tokens.length <= 1 && !CALLOUT_TITLES.has(tokens[0]) && !RATING_STARS.test(text) && !EMOJI_LABEL.test(text);
  return isParagraph && (isLoneWord || isDateLine(text, tokens));
}

/**
 * Drops headings whose section ended up empty (its list was a link farm, its table an infobox …), and linked
 * headings — teaser titles — that have no summary under them.
 */
function withoutEmptySections(blocks: Block[]): Block[] {
  return blocks.filter((block, index) => {
    if (block.kind !== 'heading') return true;
    const next = blocks[index + 1];
    if (block.insideLink) return next?.kind === 'paragraph';
    return next !== undefined && !(next.kind === 'heading' && next.level <= block.level);
  });
}

/**
 * A Korean sentence, which bloggers end without a full stop: the polite and formal endings "…요", "…다" (…입니다,
 * …했어요), an emoji or two after them.
 */
const KOREAN_SENTENCE_END = /\p{Script=Hangul}[다요](?:\s*\p{Extended_Pictographic}\uFE0F?)*\s*$/u;

const isSentence = (block: Block) =>
  block.kind === 'paragraph' && (SENTENCE_END.test(blockText(block)) || KOREAN_SENTENCE_END.test(blockText(block)));

/**
 * Short lines before the text starts — kickers, labels, DOI lines, "Research article · Open access" — are
 * furniture; the content begins at the first heading, sentence or structured block.
 */
function withoutLeadingFurniture(blocks: Block[]): Block[] {
  const start = blocks.findIndex((block) => block.kind !== 'paragraph' || isSentence(block) || blockText(block).length >= 80);
  return start <= 0 ? blocks : blocks.slice(start);
}

/** Whether every item of a list is a link and nothing else. */
function isLinkList(block: Block): boolean {
  if (block.kind !== 'list' || block.items.length === 0) return false;
  return block.items.every((item) => {
    const inlines = flattenInlines(item).filter(isTextRun).filter((inline) => inline.text.trim() !== '');
    return inlines.length > 0 && inlines.every((inline) => inline.href);
  });
}

/**
 * A label such as "Also read" or "VEJA TAMBÉM:" and the list of links under it: links to other stories set in the
 * body (Times of India, g1), not the story's own list.
 */
function withoutRelatedLinkLists(blocks: Block[]): Block[] {
  const dropped = new Set<number>();
  for (let i = 0; i + 1 < blocks.length; i++) {
    const label = blocks[i];
    if (label.kind !== 'paragraph' && label.kind !== 'heading') continue;
    if (!isLinkList(blocks[i + 1]) || !RELATED_LIST_LABEL.test(blockText(label))) continue;
    dropped.add(i).add(i + 1);
  }
  return dropped.size === 0 ? blocks : blocks.filter((_, i) => !dropped.has(i));
}

/** Shortest paragraph whose verbatim repeat right after it (images between them aside) is a copy rather than a refrain. */
const MIN_REPEATED_TEXT = 40;

/**
 * A paragraph repeated verbatim right after itself: a caption printed again for the enlarged view (NPR's
 * "enlarge_html" copy beside the caption box), or a teaser's text for two screen sizes. It counts once.
 */
function isRepeat(block: Block, previous: Block): boolean {
  const text = blockText(block);
  return text.length >= MIN_REPEATED_TEXT && text === blockText(previous);
}

function withoutRepeatedParagraphs(blocks: Block[]): Block[] {
  let previous: Block | null = null;
  return blocks.filter((block) => {
    if (block.kind === 'image') return true;
    const repeats = block.kind === 'paragraph' && previous?.kind === 'paragraph' && isRepeat(block, previous);
    previous = block;
    return !repeats;
  });
}

export function refineBlocks(blocks: Block[], context: RefineContext): Block[] {
  const titles: TitleInfo = {
    tokens: context.titles.map(wordTokens).filter((tokens) => tokens.length > 0),
    maxLength: context.titles.reduce((longest, title) => Math.max(longest, title.length), 0),
  };
  const refine = (list: Block[]): Block[] =>
    withoutEmptySections(
      withoutRelatedLinkLists(list)
        .filter((block) => !isNoise(block, context, titles))
        .map((block) => (block.kind === 'quote' ? { ...block, blocks: refine(block.blocks) } : block))
        .filter((block) => block.kind !== 'quote' || block.blocks.length > 0),
    );
  return withoutLeadingFurniture(withoutPullQuotes(withoutRepeatedParagraphs(refine(blocks))));
}
