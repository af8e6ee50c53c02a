import { containsElement, isElement, type Element } from './dom';
import { readableText } from './text';
import { isReferenceMarker } from './reference-markers';
import { headingMatches, opensWithHeading } from './section-heading';

/** Elements that never hold article text. */
const NON_CONTENT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'audio', 'video', 'map',
  'button', 'input', 'select', 'textarea', 'option', 'optgroup', 'datalist', 'fieldset', 'progress', 'meter',
  'nav', 'aside', 'footer', 'dialog', 'menu', 'head', 'meta', 'link', 'title', 'base', 'source', 'track', 'math',
]);

const NON_CONTENT_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'alert', 'search', 'menu',
  'menubar', 'toolbar', 'tablist', 'tooltip', 'marquee', 'status',
]);

/** Elements that only a panel of content holds, never a row of tab labels. */
const PANEL_CONTENT_TAGS = new Set(['p', 'table', 'dl', 'pre', 'blockquote']);

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

function isHidden(el: Element): boolean {
  const { attribs } = el;
  return (
    attribs.hidden !== undefined ||
    // aria-hidden keeps a screen reader from reading twice what the page shows; a caption it is put on stays in sight
    (attribs['aria-hidden'] === 'true' && el.name !== 'figcaption') ||
    (attribs.style !== undefined && HIDDEN_STYLE.test(attribs.style))
  );
}

const isNavigation = (el: Element) => el.name === 'nav' || el.attribs.role === 'navigation';
const isPanelContent = (el: Element) => PANEL_CONTENT_TAGS.has(el.name) || el.attribs.role === 'tabpanel';
const isFormControl = (el: Element) => el.name === 'input' || el.name === 'select' || el.name === 'textarea';

/** Whether an element lies inside an <article> or the <main> region: a <header> there is the story's, not the site's. */
function isInStory(el: Element): boolean {
  for (let node = el.parent; node; node = node.parent) {
    if (isElement(node) && (node.name === 'article' || node.name === 'main' || node.attribs.role === 'main')) return true;
  }
  return false;
}

/** Screen-reader notes on a link ("<span>, opens new tab</span>"): read aloud, not printed as text. */
const NEW_TAB_NOTE = /^[\s,(]*(?:opens|opening) (?:in )?(?:a )?new (?:tab|window)[\s.)]*$/i;

function isNewTabNote(el: Element): boolean {
  if (el.name !== 'span' || el.children.length !== 1) return false;
  const [child] = el.children;
  return child.type === 'text' && NEW_TAB_NOTE.test(child.data);
}

/** The label of a form control ("<label><input type="checkbox"> Oldest first</label>", "<label for="q">"). */
function isControlLabel(el: Element): boolean {
  return el.name === 'label' && (el.attribs.for !== undefined || containsElement(el, isFormControl));
}

/**
 * Structural reasons to skip an element: its tag, ARIA role, being hidden, a footnote mark or a form control's label.
 * Class names play no part. A <header> with a menu is the site's, unless it opens an <article> or lies in <main>: there
 * the <nav> is a breadcrumb or a row of topics (dropped on its own) above the headline and standfirst.
 */
export function isNonContentElement(el: Element): boolean {
  if (NON_CONTENT_TAGS.has(el.name) || isReferenceMarker(el) || isControlLabel(el) || isNewTabNote(el)) return true;
  const role = el.attribs.role;
  // A tablist holds the tab labels; some shops (Magento) put the role on the wrapper of the panels as well.
  if (role === 'tablist') return !containsElement(el, isPanelContent);
  if (role && NON_CONTENT_ROLES.has(role)) return true;
  if (isHidden(el)) return true;
  return el.name === 'header' && containsElement(el, isNavigation) && !isInStory(el);
}

// Class and id words, by kind of furniture. Substrings are matched against the whole lower-cased class/id
// string; tokens (below) must be a whole word between separators ("ad" must not match "header").
const BOILERPLATE_SUBSTRINGS = new RegExp(
  [
    // comments, consent and sign-up prompts
    'comment(?!ary)', 'kommentar', 'comentario', 'disqus', 'cookie', 'consent', 'gdpr', 'onetrust', 'cmp-', 'newsletter',
    'subscri', 'signup', 'sign-up', 'paywall', 'regwall', 'login',
    // sharing, related and recommended content
    'share(?!d)', 'sharing', 'social', 'partage', 'teilen', 'compartir', 'related', 'relacionad', 'correlat', 'similar',
    'similaire', 'recommend', 'read-?next', 'recirc', 'trending', 'popular', 'most-?read', 'meistgelesen', 'you-may-like',
    'also-like', 'taboola', 'outbrain', 'mehr-', '(?<![a-z])more-',
    // navigation and page structure
    'breadcrumb', 'brotkrumen', 'fil-ariane', 'pagination', 'pager', 'sidebar', 'side-bar', 'barre-laterale', 'randspalte',
    'widget', 'footer', 'masthead', 'navbar', 'navigation', 'menu', 'skip', 'back-?to-?top', 'back2top', 'table-?of-?contents',
    'sommaire', 'inhaltsverzeichnis', 'toolbar', 'action-bar', 'dropdown', '(?<![a-z])search', 'facet', '(?<![a-z])filters?(?![a-z])',
    // bylines and article furniture
    'author', 'byline', 'dateline', 'signature', 'profile', 'reading-?time', 'read-?time', 'timestamp', 'last-?updated',
    'posted-on', 'copyright', 'pull-?quote', 'feedback', '(?<![a-z])ratings?', 'reviews', '(?<![a-z])vot(?:e|ing)', 'taglist',
    'tags', 'keywords', 'schlagworte', 'editsection', 'hash-?link', 'headerlink', 'anchor-?link', 'infobox', 'navbox',
    'reflist', 'references', 'bibliography',
    // advertising and promotion
    'advert', 'adsbygoogle', 'adthrive', 'adsense', 'sponsor', 'promo', 'affiliat', 'disclosure', 'disclaimer',
    'call-to-action', 'announcement', 'ticker',
    // widgets, overlays and hidden helpers
    'video-?player', 'audio-?player', 'media-?player', 'modal', 'popup', 'overlay', 'lightbox', 'dialog', 'tooltip', 'button',
    'noprint', 'screen-reader', 'visually-?hidden', 'sr-only', 'd-none',
    // line-number gutters of code blocks (Pygments, Prism, highlight.js, Rouge, CodeMirror, Chroma)
    '(?<![a-z])lineno', '(?<![a-z])linenumbers?(?![a-z])', 'line-numbers-rows', 'hljs-ln-n', 'rouge-gutter',
    // Chroma (Hugo): "lnt" in the gutter cell of a line-number table, "ln" before each line when numbered inline
    '(?:^|\\s)lnt?(?:\\s|$)',
  ].join('|'),
);

const BOILERPLATE_TOKENS = new Set([
  'ad', 'ads', 'adv', 'adslot', 'adunit', 'adzone', 'dfp', 'pub', 'anzeige', 'werbung', 'publicite', 'publicité',
  'publicidad', 'nav', 'toc', 'meta', 'metadata', 'credit', 'credits', 'print', 'cta',
  'date', 'dates', 'actions', 'player', 'respond', 'tools', 'rail', 'metrics',
]);

// Only a class that says so outright hides the element: "no-js-hidden", "hidden-xs", "quick-add-hidden" and
// "small-hide" hide it in some other context than the one being read.
const HIDDEN_CLASS = /^(?:is-|u-)?(?:hidden|hide|invisible)$/;

/** Text for screen readers only ("sr-only", "visually-hidden", WordPress's "screen-reader-text"): no reader sees it. */
const VISUALLY_HIDDEN = /(?:^|\s)(?:sr-only|visually-?hidden|screen-reader-(?:text|only)|element-invisible|a11y-hidden)(?:\s|$)/i;

/** Whether the element is hidden from sight by a screen-reader-only class — a heading too, such as GFM's "Footnotes". */
export function isVisuallyHidden(el: Element): boolean {
  const value = el.attribs.class;
  return value !== undefined && VISUALLY_HIDDEN.test(value);
}

/** Kinds so reliably boilerplate that even a container holding most of the page's text is dropped (but not one holding the headline). */
const ALWAYS_BOILERPLATE = /comment(?!ary)|kommentar|comentario|disqus|cookie|consent|newsletter/;

const POSITIVE = /article|content|entry|post(?!er)|story|body|main|text|prose|markdown|blog|hentry|rich-?text|govspeak|parser-output|billet|contenu|inhalt|artikel|beitrag|cuerpo|texte/;
const NEGATIVE = /(?<![a-z])header|hdr|banner|hero|topbar|top-bar|secondary|teaser|aside|(?<![a-z])form(?!at)/;

// WordPress and friends put taxonomy terms and state modifiers in class names ("tag-advertising",
// "category-social-media", "has-sidebar"); they say nothing about the element itself.
const IGNORED_CLASS_PREFIXES = /^(?:tag|category|cat|topic|format|type|status|postid|has|no|with|without)[-_]/;

// Sites whose class names are hashed by a CSS-in-JS library ("css-1q2zxk9") name their components in these
// attributes instead.
const COMPONENT_NAME_ATTRIBUTES = ['data-component', 'data-testid'];

function hintText(el: Element): string {
  const { attribs } = el;
  const classes = (attribs.class ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((name) => name && !IGNORED_CLASS_PREFIXES.test(name));
  const names = [...classes, attribs.id, ...COMPONENT_NAME_ATTRIBUTES.map((name) => attribs[name])];
  return names.filter(Boolean).join(' ').toLowerCase();
}

export type ClassHint = 'boilerplate' | 'always-boilerplate' | 'positive' | 'negative' | null;

// Headings that announce a section of page furniture, in the languages the class-name lists cover (reader
// discussion has its own list, in discussion.ts).
const BOILERPLATE_HEADING = new RegExp(
  `^(?:\\d+\\s+)?(?:${[
    'related(?: articles| stories| posts| content| reading| links)?',
    'more (?:from|on|in|stories|articles|episodes|posts|news|like this)\\b.*', 'you (?:may|might) (?:also )?like.*',
    'read (?:next|more)', 'recommended(?: for you| reading)?', 'popular(?: now| posts| stories)?', 'most (?:read|popular|viewed)',
    '(?:v[ií]deos?: )?mais (?:lidas|lidos|vistos|vistas|assistidos|populares)\\b.*', 'trending(?: now)?', 'latest (?:news|stories|posts|headlines)', 'top (?:stories|news|headlines)', 'up next', "editor['’]s picks",
    '(?:latest|more|top|featured|related) videos?', 'watch (?:next|more|now)', "today['’]s (?:headlines|top stories)", 'in other news',
    "don['’]t miss", 'around the web', 'share this.*', 'rights and permissions', 'recommended by\\b.*', 'subscribe to\\b.*',
    "what['’]s new(?: on (?:the|this) (?:site|blog|website))?",
    '(?:other|more) [\\w ]{1,40} (?:on|from) (?:this|the|my|our) (?:site|blog|website)', 'elsewhere on (?:this|the) (?:site|blog|website)',
    'about (?:this|the) (?:site|blog|website)', 'site ?map',
    '(?:shipping|delivery) (?:&|and) returns', 'mehr zum thema', 'das könnte sie auch interessieren', 'versand und rückgabe',
    '(?:diese )?seite teilen', 'artikel teilen', 'partager (?:cette page|cet article)', 'compartir (?:esta página|este artículo)',
    'deel deze (?:pagina|artikel|bericht)',
    'à lire aussi', 'vous aimerez aussi', 'livraison et retours', 'noticias relacionadas', 'te puede interesar',
    'envíos? y devoluciones',
  ].join('|')})[:.!?]?$`,
  'i',
);

/** A section that opens with a heading such as "Related stories" (behind wrappers, if any). */
export function hasBoilerplateHeading(el: Element): boolean {
  return opensWithHeading(el, BOILERPLATE_HEADING);
}

/** A heading such as "Related stories" itself. */
export function isBoilerplateHeading(heading: Element): boolean {
  return headingMatches(heading, BOILERPLATE_HEADING);
}

const CAPTION_NAME = /(?:^|[\s_-])caption(?:$|[\s_-])/i;
/** Text of a photo's caption box at most: a caption and its credit. */
const CAPTION_BOX_MAX_TEXT = 400;

/**
 * A photo's caption box named like article furniture ("image__metadata", "media-credit-wrap"): a child of it is the
 * caption (`itemprop="caption"` or a "caption" class), which the box's name must not take down with the credit.
 */
export function isCaptionBox(el: Element, textLength: (el: Element) => number): boolean {
  const holdsCaption = el.children.some(
    (child) => isElement(child) && (child.attribs.itemprop === 'caption' || CAPTION_NAME.test(child.attribs.class ?? '')),
  );
  return holdsCaption && textLength(el) <= CAPTION_BOX_MAX_TEXT;
}

/** Levels searched above an element for the block quote it attributes. */
const QUOTE_LEVELS = 2;
const ATTRIBUTION_DASH = /^[—–―-]\s*\S/;
const MAX_ATTRIBUTION_LENGTH = 150;

/**
 * The attribution line of a block quote ("— Sandrine Lespinasse, mère de deux enfants"), inside the quote: part of
 * it, though the page names it like a byline (Le Monde's "article__quote-author").
 */
export function isQuoteAttribution(el: Element): boolean {
  let quote: Element | null = null;
  let node = el.parent;
  for (let depth = 0; depth < QUOTE_LEVELS && node && isElement(node); depth++, node = node.parent) {
    if (node.name === 'blockquote') {
      quote = node;
      break;
    }
  }
  if (!quote) return false;
  const text = readableText(el);
  return text.length <= MAX_ATTRIBUTION_LENGTH && ATTRIBUTION_DASH.test(text);
}

/** Controls a reader fills in; hidden inputs and buttons alone do not make a form one to fill in. */
const FILLED_IN = new Set(['textarea', 'select']);

/** A form asking for input (sign-up, booking, comment, search): page furniture, not text to read. */
export function isInputForm(el: Element): boolean {
  if (el.name !== 'form') return false;
  const stack = [...el.children];
  for (let visited = 0; stack.length > 0 && visited < 500; visited++) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (FILLED_IN.has(node.name) || (node.name === 'input' && !/^(?:hidden|submit|button)$/i.test(node.attribs.type ?? ''))) return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}

/**
 * Class and id words to match against the token list. A multi-word BEM modifier describes a part or a state of
 * something else ("field--label-hidden": the field's label is hidden; "field--name-field-event-date"), so only
 * a one-word modifier ("ad--hidden") speaks for the element.
 */
function hintTokens(names: string[]): string[] {
  return names.flatMap((name) => {
    const [base, ...modifiers] = name.split('--');
    const words = modifiers.filter((modifier) => !/[-_]/.test(modifier));
    return [base, ...words].flatMap((part) => part.split(/[_-]+/));
  });
}

function hasBoilerplateName(names: string[]): boolean {
  return names.some((name) => HIDDEN_CLASS.test(name)) || hintTokens(names).some((token) => BOILERPLATE_TOKENS.has(token));
}

/**
 * A whole class name, id or component name that says "the story's body". It outweighs a furniture word beside it:
 * Google's markup for paywalled content names the paywalled body itself ("article-body paywall"), as Reuters does
 * (`data-testid="ArticleBody" class="… paywall-article"`).
 */
const ARTICLE_BODY_NAME = /^(?:article|story|post|entry)[-_]?(?:body|content|text)$/;

const ARTICLE_BODY_PROPERTY = /(?:^|\s)articleBody(?:\s|$)/;

function hasArticleBodyName(el: Element, text: string): boolean {
  return ARTICLE_BODY_PROPERTY.test(el.attribs.itemprop ?? '') || text.split(/\s+/).some((name) => ARTICLE_BODY_NAME.test(name));
}

/** Whether the page names the element its story's body (itemprop="articleBody", data-testid="ArticleBody", "article-body"). */
export function isNamedArticleBody(el: Element): boolean {
  return hasArticleBodyName(el, hintText(el));
}

export function classHint(el: Element): ClassHint {
  const text = hintText(el);
  if (!text) return null;
  if (ALWAYS_BOILERPLATE.test(text)) return 'always-boilerplate';
  if (hasArticleBodyName(el, text)) return 'positive';
  if (BOILERPLATE_SUBSTRINGS.test(text) || hasBoilerplateName(text.split(/\s+/))) return 'boilerplate';
  if (POSITIVE.test(text)) return 'positive';
  if (NEGATIVE.test(text)) return 'negative';
  return null;
}

/** Multiplier for a candidate container's score from its class, id and semantics. */
export function contentWeight(el: Element, hint: ClassHint): number {
  let weight = hint === 'positive' ? 1.25 : hint === 'negative' ? 0.75 : 1;
  const itemprop = el.attribs.itemprop;
  if (itemprop === 'articleBody' || itemprop === 'text') weight *= 1.5;
  if (el.name === 'article' || el.name === 'main' || el.attribs.role === 'main') weight *= 1.25;
  return weight;
}
