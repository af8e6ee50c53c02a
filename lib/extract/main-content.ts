import { articleHolding } from './article-element';
import { isBoilerplateHeading, isNamedArticleBody } from './boilerplate';
import { measureContent, linkDensity, type BlockStats, type ContentStats } from './content-stats';
import { classList, containsElement, isElement, isInside, sharedDepth, type Element } from './dom';
import { opensWithHeading } from './section-heading';
import { cardContainer, isListing, isOtherStories, strayCards } from './teaser-cards';

export interface ContentSelection {
  /** The main content: the chosen element, with its standfirst and continuations if any, in document order. */
  roots: Element[];
  /** Boilerplate inside (and outside) the roots that renderers must skip. */
  excluded: Set<Element>;
}

/** Elements that are parts of a text block rather than containers of one. */
const NOT_CANDIDATES = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'figcaption', 'figure', 'dt', 'dd', 'dl', 'th', 'tr',
  'thead', 'tbody', 'tfoot', 'table', 'caption', 'ul', 'ol', 'hr', 'summary', 'address',
]);

/** Good text an ancestor must add, as a share of the chosen block's, to replace it. */
const PROMOTION_GAIN = 0.25;
/** Below this much good text, the class-hint pass is suspected of having thrown the content away. */
const MIN_SELECTED_TEXT = 250;

const candidateScore = (stats: BlockStats) => stats.score * stats.weight * (1 - linkDensity(stats));

const better = (block: BlockStats, best: BlockStats | null) => !best || candidateScore(block) > candidateScore(best);

/**
 * The best-scoring container; the body itself competes too, for pages that put their paragraphs straight in it.
 * A region made mostly of other stories' teasers is taken only when nothing else scores: a short story beside a
 * column of longer summaries is still the story.
 */
function bestCandidate(stats: ContentStats): BlockStats | null {
  let best: BlockStats | null = null;
  let bestOfOthers: BlockStats | null = null;
  for (const block of stats.blocks) {
    if (NOT_CANDIDATES.has(block.element.name)) continue;
    if (!isOtherStories(block)) {
      if (better(block, best)) best = block;
    } else if (better(block, bestOfOthers)) bestOfOthers = block;
  }
  const pick = best && candidateScore(best) > 0 ? best : bestOfOthers;
  return pick && candidateScore(pick) > 0 ? pick : null;
}

/**
 * Climbs to an ancestor when it adds substantially more good text than noise: an article split into
 * several containers by ads, or a thread of posts, is recovered as a whole. Teaser cards count only on a
 * listing — when the pick is made of them, or when they make most of the ancestor's text (a listing's
 * introduction may outscore each of its cards) — and never the teasers of other stories, nor does a story climb
 * into a region made mostly of them (where the labels and datelines of a video playlist would outweigh it).
 */
function promote(top: BlockStats): BlockStats {
  let chosen = top;
  const main = mainHolding(top.element);
  for (let ancestor = top.parent; ancestor?.parent; ancestor = ancestor.parent) {
    if (main && !isInside(ancestor.element, main)) break;
    if (isOtherStories(ancestor) && !isOtherStories(top)) continue;
    const countsCards = isListing(top) || isListing(ancestor);
    const gainedText = (block: BlockStats) => block.good - (countsCards ? block.stray : block.teaser);
    const gain = gainedText(ancestor) - gainedText(chosen);
    if (gain >= PROMOTION_GAIN * chosen.good && ancestor.bad - chosen.bad <= gain / 2) chosen = ancestor;
  }
  return widenedToNamedBody(chosen);
}

/**
 * The <main> element (or role="main") holding the pick: the page says its main content ends there, so promotion never
 * climbs out of it into the sidebars and footer modules beside it (Joomla's Cassiopeia puts its "Notdienste" table and
 * weather module in the same grid as <main>).
 */
function mainHolding(el: Element): Element | null {
  for (let node = el.parent; node; node = node.parent) {
    if (isElement(node) && (node.name === 'main' || node.attribs.role === 'main')) return node;
  }
  return null;
}

/** Levels searched above the pick for the element the page names its article body. */
const NAMED_BODY_LEVELS = 3;

/**
 * The element the page names its story's body, when the pick is a part of it (a row of paragraphs, with the sign-off
 * line after it): the page says where the story ends. Not when that adds more noise than a tenth of the text.
 */
function widenedToNamedBody(chosen: BlockStats): BlockStats {
  let ancestor = chosen.parent;
  for (let depth = 0; depth < NAMED_BODY_LEVELS && ancestor?.parent; depth++, ancestor = ancestor.parent) {
    if (!isNamedArticleBody(ancestor.element)) continue;
    const addsLittleNoise = ancestor.bad - chosen.bad <= 0.1 * chosen.good;
    return addsLittleNoise && !isOtherStories(ancestor) && ancestor.good >= chosen.good ? ancestor : chosen;
  }
  return chosen;
}

const GENERIC_CLASS_STEMS = new Set(['css', 'sc', 'jsx', 'svelte', 'styled', 'emotion', 'tw', 'col', 'row', 'container', 'wrapper']);

function firstClass(el: Element): string | null {
  return classList(el)[0]?.toLowerCase() ?? null;
}

/** "pdp-description" and "pdp-specs" share the stem "pdp"; hashed CSS-in-JS prefixes do not count. */
function classStem(className: string | null): string | null {
  const stem = className?.split(/__|[-_]/)[0] ?? '';
  return stem.length >= 3 && !GENERIC_CLASS_STEMS.has(stem) ? stem : null;
}

function previousElement(el: Element): Element | null {
  for (let node = el.prev; node; node = node.prev) if (isElement(node)) return node;
  return null;
}

/** Headings of the summary box news sites put between the headline and the story ("Key points", "I punti chiave"). */
const SUMMARY_HEADING = new RegExp(
  `^(?:${[
    'key (?:points|takeaways|facts)', 'at a glance', 'in (?:brief|short)', 'the (?:short version|big picture)', 'tl;? ?dr',
    'das wichtigste(?: in kürze)?', 'auf einen blick', 'en bref', "l['’]essentiel", 'points? clés?', 'i punti chiave', 'in breve',
    'en resumen', 'lo (?:más|mas) importante', 'pontos?-chave', 'resumo', 'in het kort',
  ].join('|')})[:.]?$`,
  'i',
);

/** A summary box opened by a heading of its own ("Key points") over a list of the story's main points. */
function isSummaryBox(el: Element): boolean {
  return opensWithHeading(el, SUMMARY_HEADING) && containsElement(el, (node) => node.name === 'ul' || node.name === 'ol');
}

/**
 * A standfirst, subtitle or lead caption: prose (or a heading right under the headline) with few links, that
 * holds the headline or comes after it — text between the headline and the body belongs to the article, unless it
 * is a rail of other stories.
 */
function isLeadIn(sibling: BlockStats, headline: BlockStats | null): boolean {
  const el = sibling.element;
  const nearHeadline = headline !== null && (sibling.index > headline.index || isInside(headline.element, el));
  if ((!nearHeadline && el.name !== 'figure') || isOtherStories(sibling)) return false;
  const isSubtitle = /^h[2-4]$/.test(el.name) && previousElement(el)?.name === 'h1' && sibling.text >= 30;
  // A lead photo between the headline and the body: its caption is the article's, sentence or not.
  const isLeadFigure = nearHeadline && el.name === 'figure' && sibling.text > 0;
  return linkDensity(sibling) < 0.35 && (sibling.prose >= 40 || isSubtitle || isLeadFigure || (nearHeadline && isSummaryBox(el)));
}

/** More of the same after the chosen block: the next part of a split article, or its specification table. */
function isContinuation(sibling: BlockStats, chosen: BlockStats): boolean {
  if (linkDensity(sibling) >= 0.3) return false;
  const siblingClass = firstClass(sibling.element);
  const chosenClass = firstClass(chosen.element);
  if (siblingClass !== null && siblingClass === chosenClass) return sibling.good >= 30;
  const stem = classStem(chosenClass);
  return stem !== null && stem === classStem(siblingClass) && sibling.good >= 0.1 * chosen.good;
}

function blockSiblings(el: Element, stats: ContentStats): { before: BlockStats[]; after: BlockStats[] } {
  const before: BlockStats[] = [];
  const after: BlockStats[] = [];
  let seen = false;
  for (const node of el.parent?.children ?? []) {
    if (node === el) seen = true;
    const sibling = isElement(node) ? stats.byElement.get(node) : undefined;
    if (sibling && node !== el) (seen ? after : before).push(sibling);
  }
  return { before, after };
}

/** Levels searched for a standfirst: the chosen block's own and two wrappers up ("header" beside "div.body" in "article"). */
const LEAD_IN_LEVELS = 3;

/**
 * The chosen block plus what belongs with it: a standfirst, subtitle or lead caption placed before it (at its
 * own level or in a wrapper a level or two up), and continuations after it.
 */
function withSiblings(chosen: BlockStats, stats: ContentStats): Element[] {
  const { before, after } = blockSiblings(chosen.element, stats);
  const isLeadInHere = (sibling: BlockStats) => isLeadIn(sibling, stats.headline);
  const leadIns: Element[][] = [before.filter(isLeadInHere).map((sibling) => sibling.element)];
  let level = chosen.parent;
  for (let depth = 1; depth < LEAD_IN_LEVELS && level?.parent; depth++, level = level.parent) {
    const leads = blockSiblings(level.element, stats).before.filter(
      (sibling) => isLeadInHere(sibling) && sibling.prose <= chosen.good / 2,
    );
    leadIns.unshift(leads.map((sibling) => sibling.element));
  }
  return [...leadIns.flat(), chosen.element, ...after.filter((sibling) => isContinuation(sibling, chosen)).map((sibling) => sibling.element)];
}

/**
 * The chosen block with its lead-ins and continuations. A listing reached from its introduction (which outscored
 * each of its cards) is narrowed to the container of its cards, which the introduction rejoins as a lead-in: a tag
 * cloud or a sign-up box after the cards is no part of the listing.
 */
function rootsOf(top: BlockStats, chosen: BlockStats, stats: ContentStats): Element[] {
  const cards = isListing(chosen) && !isListing(top) ? cardContainer(chosen, stats) : chosen;
  if (cards !== chosen) {
    const roots = withSiblings(cards, stats);
    if (roots.some((root) => isInside(top.element, root))) return roots;
  }
  return withSiblings(chosen, stats);
}

/** Part of a teaser card: the summary of another page. */
function inCard(block: BlockStats): boolean {
  for (let node: BlockStats | null = block; node; node = node.parent) if (node.card) return true;
  return false;
}

/**
 * The headline's standfirst when the page builder puts it in a wrapper of its own, far from the body's (tagDiv's
 * Newspaper, Elementor and other page builders nest every widget in rows and columns): the first text after the
 * headline, when it is prose that lies outside the roots and before the chosen block.
 */
function standfirstAfterHeadline(chosen: BlockStats, roots: Element[], stats: ContentStats): Element | null {
  const { headline } = stats;
  if (!headline || headline.index >= chosen.index) return null;
  for (let i = headline.index + 1; i < chosen.index; i++) {
    const block = stats.blocks[i];
    if (block.ownText === 0 || isInside(block.element, headline.element)) continue;
    if (roots.some((root) => isInside(block.element, root)) || inCard(block) || isOtherStories(block)) return null;
    const isProse = block.prose >= 40 && (block.element.name === 'p' || block.hasSentenceEnd);
    return (isProse || isSubtitleHeading(block)) && linkDensity(block) < 0.35 ? block.element : null;
  }
  return null;
}

/** Shortest subtitle set as a heading under the headline (Hashnode's <h2>, beehiiv's): a phrase, not a label. */
const MIN_SUBTITLE_TEXT = 30;

/** A subheading that is the first text after the headline, a phrase that is no furniture heading ("Table of contents"). */
function isSubtitleHeading(block: BlockStats): boolean {
  const el = block.element;
  return /^h[2-4]$/.test(el.name) && block.text >= MIN_SUBTITLE_TEXT && block.linkText === 0 && !isBoilerplateHeading(el);
}

/** The roots with the headline's standfirst, if found apart from them, in document order. */
function withStandfirst(chosen: BlockStats, roots: Element[], stats: ContentStats): Element[] {
  const standfirst = standfirstAfterHeadline(chosen, roots, stats);
  if (!standfirst) return roots;
  const position = (el: Element) => stats.byElement.get(el)?.index ?? 0;
  return [standfirst, ...roots].sort((a, b) => position(a) - position(b));
}

interface Pick {
  selection: ContentSelection;
  /** Good text of the roots. */
  text: number;
  /** The chosen container, without its lead-ins and continuations. */
  chosen: Element;
  headline: Element | null;
}

function selectWith(stats: ContentStats, body: Element): Pick {
  const top = bestCandidate(stats);
  const headline = stats.headline?.element ?? null;
  if (!top) {
    const main = stats.blocks.find(({ element }) => element.name === 'main' || element.attribs.role === 'main')?.element;
    const fallback = main ?? body;
    const text = stats.byElement.get(fallback)?.good ?? 0;
    return { selection: { roots: [fallback], excluded: stats.excluded }, text, chosen: fallback, headline };
  }
  const chosen = promote(top);
  const roots = withStandfirst(chosen, rootsOf(top, chosen, stats), stats);
  const text = roots.reduce((sum, el) => sum + (stats.byElement.get(el)?.good ?? 0), 0);
  if (!isOtherStories(top)) for (const card of strayCards(stats.blocks)) stats.excluded.add(card);
  return { selection: { roots, excluded: stats.excluded }, text, chosen: chosen.element, headline };
}

/**
 * Whether the retry left the text under the headline for another part of the page (a comment thread, a sidebar, a
 * teaser column) instead of finding what the class names had hidden: it goes outside the article element holding
 * the pick and the headline, or it shares fewer wrappers with the headline without holding the pick.
 */
function leavesHeadline(hinted: Pick, retry: Pick): boolean {
  const { headline } = hinted;
  if (!headline) return false;
  const article = articleHolding(headline);
  if (article && isInside(hinted.chosen, article)) return !isInside(retry.chosen, article);
  return !isInside(hinted.chosen, retry.chosen) && sharedDepth(retry.chosen, headline) < sharedDepth(hinted.chosen, headline);
}

/**
 * Finds the main content of a page by scoring every container on the text it holds, then widening the
 * pick to its standfirst and continuations. If class-name hints leave almost nothing (a site whose every
 * wrapper is a "widget-…"), it tries again without them, unless that takes it away from the headline: a short
 * story is still the content beside longer blocks of furniture.
 */
export function selectMainContent(body: Element | null): ContentSelection {
  if (!body) return { roots: [], excluded: new Set() };
  const hinted = selectWith(measureContent(body, true), body);
  if (hinted.text >= MIN_SELECTED_TEXT) return hinted.selection;
  const retry = selectWith(measureContent(body, false), body);
  return retry.text > 2 * hinted.text && !leavesHeadline(hinted, retry) ? retry.selection : hinted.selection;
}
