import { isElement, isText, type Element } from './dom';
import { readableText } from './text';

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

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;

function isHidden(el: Element): boolean {
  const { attribs } = el;
  return (
    attribs.hidden !== undefined ||
    attribs['aria-hidden'] === 'true' ||
    (attribs.style !== undefined && HIDDEN_STYLE.test(attribs.style))
  );
}

function containsNavigation(el: Element): boolean {
  const stack = [...el.children];
  for (let visited = 0; stack.length > 0 && visited < 500; visited++) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (node.name === 'nav' || node.attribs.role === 'navigation') return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}

/** Structural reasons to skip an element: its tag, ARIA role, or being hidden. Class names play no part. */
export function isNonContentElement(el: Element): boolean {
  if (NON_CONTENT_TAGS.has(el.name)) return true;
  const role = el.attribs.role;
  if (role && NON_CONTENT_ROLES.has(role)) return true;
  if (isHidden(el)) return true;
  return el.name === 'header' && containsNavigation(el);
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
  ].join('|'),
);

const BOILERPLATE_TOKENS = new Set([
  'ad', 'ads', 'adv', 'adslot', 'adunit', 'adzone', 'dfp', 'pub', 'anzeige', 'werbung', 'publicite', 'publicité',
  'publicidad', 'nav', 'toc', 'meta', 'metadata', 'credit', 'credits', 'hidden', 'hide', 'invisible', 'print', 'cta',
  'date', 'dates', 'actions', 'player', 'respond', 'tools', 'rail', 'metrics',
]);

/** Kinds so reliably boilerplate that even a container holding most of the page's text is dropped (but not one holding the headline). */
const ALWAYS_BOILERPLATE = /comment(?!ary)|kommentar|comentario|disqus|cookie|consent|newsletter/;

const POSITIVE = /article|content|entry|post(?!er)|story|body|main|text|prose|markdown|blog|hentry|rich-?text|govspeak|parser-output|billet|contenu|inhalt|artikel|beitrag|cuerpo|texte/;
const NEGATIVE = /(?<![a-z])header|hdr|banner|hero|topbar|top-bar|secondary|teaser|aside|(?<![a-z])form(?!at)/;

// WordPress and friends put taxonomy terms and state modifiers in class names ("tag-advertising",
// "category-social-media", "has-sidebar"); they say nothing about the element itself.
const IGNORED_CLASS_PREFIXES = /^(?:tag|category|cat|topic|format|type|status|postid|has|no|with|without)[-_]/;

function hintText(el: Element): string {
  const classes = (el.attribs.class ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((name) => name && !IGNORED_CLASS_PREFIXES.test(name));
  return `${classes.join(' ')} ${(el.attribs.id ?? '').toLowerCase()}`.trim();
}

export type ClassHint = 'boilerplate' | 'always-boilerplate' | 'positive' | 'negative' | null;

// Headings that announce a section of page furniture, in the languages the class-name lists cover.
const BOILERPLATE_HEADING = new RegExp(
  `^(?:\\d+\\s+)?(?:${[
    // Not "Discussion": papers have a section of that name.
    'comments?', 'responses?', 'replies', 'reader comments', 'join the (?:discussion|conversation)',
    'leave a (?:reply|comment)', 'related(?: articles| stories| posts| content| reading| links)?',
    'more (?:from|on|in|stories|articles|episodes|posts|news|like this)\\b.*', 'you (?:may|might) (?:also )?like.*',
    'read (?:next|more)', 'recommended(?: for you| reading)?', 'popular(?: now| posts| stories)?', 'most (?:read|popular|viewed)',
    'trending(?: now)?', 'latest (?:news|stories|posts)', 'share this.*', 'rights and permissions', 'kommentare',
    'leserkommentare', 'mehr zum thema', 'das könnte sie auch interessieren', 'commentaires', 'à lire aussi',
    'vous aimerez aussi', 'comentarios', 'noticias relacionadas', 'te puede interesar',
  ].join('|')})[:.!?]?$`,
  'i',
);

/** A section whose first child is a heading such as "Comments" or "Related stories". */
export function hasBoilerplateHeading(el: Element): boolean {
  const first = el.children.find((child) => isElement(child) || (isText(child) && child.data.trim() !== ''));
  if (!first || !isElement(first) || !/^h[2-6]$/.test(first.name)) return false;
  return BOILERPLATE_HEADING.test(readableText(first));
}

export function classHint(el: Element): ClassHint {
  const text = hintText(el);
  if (!text) return null;
  if (ALWAYS_BOILERPLATE.test(text)) return 'always-boilerplate';
  if (BOILERPLATE_SUBSTRINGS.test(text) || text.split(/[\s_-]+/).some((token) => BOILERPLATE_TOKENS.has(token))) {
    return 'boilerplate';
  }
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
