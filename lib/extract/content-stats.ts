import { articleHolding } from './article-element';
import {
  classHint, contentWeight, hasBoilerplateHeading, isBoilerplateHeading, isCaptionBox, isInputForm, isNonContentElement,
  isQuoteAttribution, isVisuallyHidden, type ClassHint,
} from './boilerplate';
import { isDiscussion, isDiscussionHeading } from './discussion';
import { holdsEmbeddedPost, isVideoCard } from './embeds';
import { flatSection } from './flat-sections';
import { isPressContactBox } from './press-contacts';
import { isSponsoredEntry } from './sponsored';
import { isTagList } from './tag-lists';
import { HEADING_TAGS, isElement, isInlineTag, isInside, isText, type AnyNode, type Element } from './dom';
import { markStrayTeasers } from './teaser-cards';
import { SENTENCE_END, visibleLength } from './text';

/**
 * Text statistics of one block-level element. Inline elements have no stats of their own: their text
 * belongs to the nearest block ("owner"), so "<p>Hi <b>there</b></p>" is one block of 7 characters.
 */
export interface BlockStats {
  element: Element;
  parent: BlockStats | null;
  /** Position in document order. */
  index: number;
  /** Characters owned directly (text nodes and inline descendants), and how many of them sit inside links. */
  ownText: number;
  ownLinkText: number;
  hasSentenceEnd: boolean;
  /** Subtree totals. */
  text: number;
  linkText: number;
  /** Sum of the positive / negative block values in the subtree (see blockValue). */
  good: number;
  bad: number;
  /** Characters of prose (sentences in low-link blocks) in the subtree. */
  prose: number;
  /** The part of `good` that comes from teaser cards (see `card`). */
  teaser: number;
  /** The part of `teaser` from cards of other stories than the page's own (see teaser-cards.ts). */
  stray: number;
  /** Headings in the subtree, and how many of them are titles linking to another page. */
  headings: number;
  linkedTitles: number;
  /** A teaser card: nested in a link (the whole card is clickable), or a small block whose only heading links elsewhere. */
  card: boolean;
  /** Block values of the subtree, each discounted by its distance from this element. */
  score: number;
  /** Multiplier from class, id and semantic hints. */
  weight: number;
  /** Nested in a link: part of a teaser card whose whole area is clickable. */
  withinLink: boolean;
}

export interface ContentStats {
  /** Every block in document order; blocks[0] is the root. */
  blocks: BlockStats[];
  byElement: Map<Element, BlockStats>;
  /** Elements skipped as boilerplate, with their whole subtrees. */
  excluded: Set<Element>;
  /** The page's first <h1>, taken as its headline. */
  headline: BlockStats | null;
}

const SHORT_BLOCK = 25;
/** List items and table cells are short by nature; their brevity says nothing about boilerplate. */
const NATURALLY_SHORT = new Set(['li', 'td', 'th', 'dt', 'dd']);
const PROSE_MIN_LENGTH = 40;
/** Text of a teaser card at most: a title, a kicker, a date and a summary of a sentence or two. */
const CARD_MAX_TEXT = 600;
/** Share of a block's value credited to the container `index` levels above it. */
const DISTANCE_DECAY = [1, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5];

/** Sentences, or a paragraph element: a standfirst often has no final full stop. */
const isProseLength = (stats: BlockStats) =>
  stats.ownText >= PROSE_MIN_LENGTH && (stats.hasSentenceEnd || stats.element.name === 'p');

export const linkDensity = (stats: Pick<BlockStats, 'text' | 'linkText'>) => (stats.text > 0 ? stats.linkText / stats.text : 0);

/** A link to another page; one with a fragment points to a section ("/docs/guide#setup" on a heading of that guide). */
const pointsElsewhere = (link: Element) => !!link.attribs.href && !link.attribs.href.includes('#');

/**
 * How much a block looks like article text: its length, turned negative as links take over
 * (half links is worth nothing, all links counts against), and halved for short fragments.
 * Headings are neutral: they belong to articles and to menus alike.
 */
function blockValue(stats: BlockStats): number {
  const tag = stats.element.name;
  if (stats.ownText === 0 || HEADING_TAGS.has(tag)) return 0;
  const value = stats.ownText * (1 - (2 * stats.ownLinkText) / stats.ownText);
  return stats.ownText < SHORT_BLOCK && !NATURALLY_SHORT.has(tag) ? value / 2 : value;
}

function subtreeLength(el: Element): number {
  let length = 0;
  const stack: AnyNode[] = [el];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) length += visibleLength(node.data);
    else if (isElement(node) && node.name !== 'script' && node.name !== 'style') for (const child of node.children) stack.push(child);
  }
  return length;
}

/**
 * The page's first <h1> outside navigation and other structural furniture (a site name in the menu bar is not the
 * headline), and not a site name linking home (`<h1 class="title"><a href="/">Blog</a></h1>`, as blog themes do).
 */
function findFirstHeading(root: Element): Element | null {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node) || (node !== root && isNonContentElement(node))) continue;
    if (node.name === 'h1' && !isHomeLink(node)) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return null;
}

/** A heading whose only content is a link to the root of a site. */
function isHomeLink(heading: Element): boolean {
  const children = heading.children.filter((child) => !isText(child) || child.data.trim() !== '');
  const [link] = children;
  if (children.length !== 1 || !isElement(link) || link.name !== 'a') return false;
  try {
    const { pathname, search } = new URL(link.attribs.href ?? '', 'https://base.invalid/some/page');
    return pathname === '/' && search === '';
  } catch {
    return false;
  }
}

interface Frame {
  node: AnyNode;
  owner: BlockStats;
  inLink: boolean;
}

/**
 * One pass over the body: decides which elements are boilerplate, attributes every character of text to
 * its block, then sums values and scores up the tree.
 * With useClassHints off, the only class and id names that count are those that never name content (comments,
 * consent, newsletter); structure (tags, roles, hidden) and what a reader sees (a "Comments" or "Related stories"
 * heading, a "Sponsored" label, a form to fill in) still exclude what they exclude.
 */
export function measureContent(root: Element, useClassHints: boolean): ContentStats {
  const blocks: BlockStats[] = [];
  const byElement = new Map<Element, BlockStats>();
  const excluded = new Set<Element>();
  const pageLength = subtreeLength(root);
  const mainHeading = findFirstHeading(root);
  const holdsMainHeading = new Set<AnyNode>();
  for (let node = mainHeading?.parent; node; node = node.parent) holdsMainHeading.add(node);
  const headlineArticle = mainHeading && articleHolding(mainHeading);

  const createBlock = (element: Element, parent: BlockStats | null, hint: ClassHint, withinLink: boolean): BlockStats => {
    const stats: BlockStats = {
      element, parent, index: blocks.length, ownText: 0, ownLinkText: 0, hasSentenceEnd: false, text: 0, linkText: 0, good: 0,
      bad: 0, prose: 0, teaser: 0, stray: 0, headings: 0, linkedTitles: 0, card: false, score: 0, weight: contentWeight(element, hint),
      withinLink,
    };
    blocks.push(stats);
    byElement.set(element, stats);
    return stats;
  };

  // Hints judge containers: a heading named "anchorWithStickyNavbar" is still a heading. And a container
  // holding the page's headline (an <article class="newsletter-post">) or most of its text
  // ("content-sidebar-wrap") is not page furniture, whatever its name — unless it lies outside the article
  // element of the headline (a sidebar beside a short story).
  const isBoilerplate = (el: Element, hint: ClassHint): boolean => {
    if (isNonContentElement(el)) return true;
    if (el !== mainHeading && isVisuallyHidden(el)) return true;
    if (HEADING_TAGS.has(el.name) || holdsMainHeading.has(el)) return false;
    if (useClassHints && isVideoCard(el, subtreeLength)) return true;
    if (hint === 'always-boilerplate' || isDiscussion(el) || isSponsoredEntry(el) || isTagList(el)) return true;
    if (hint !== 'boilerplate' && !hasBoilerplateHeading(el) && !isPressContactBox(el) && !isInputForm(el)) return false;
    if (hint === 'boilerplate' && (isCaptionBox(el, subtreeLength) || holdsEmbeddedPost(el) || isQuoteAttribution(el))) return false;
    return (headlineArticle !== null && !isInside(el, headlineArticle)) || subtreeLength(el) < pageLength / 2;
  };

  // A discussion or furniture heading without a wrapper of its own takes the siblings of its section along.
  const furnitureHeadingsAt: number[] = [];
  const excludesFlatSection = (heading: Element): boolean => {
    if (!HEADING_TAGS.has(heading.name)) return false;
    const isDiscussionSection = isDiscussionHeading(heading);
    if (!isDiscussionSection && !isBoilerplateHeading(heading)) return false;
    const section = flatSection(heading);
    if (section.some((el) => el === mainHeading || holdsMainHeading.has(el))) return false;
    if (!isDiscussionSection && section.reduce((sum, el) => sum + subtreeLength(el), 0) >= pageLength / 2) return false;
    for (const el of section) excluded.add(el);
    furnitureHeadingsAt.push(blocks.length);
    return true;
  };

  // A heading whose text is mostly a link to another page (or that sits in one) is the title of a teaser; the
  // headline, even when it links to its own page, is not.
  const headingsWithLink = new Set<BlockStats>();
  const isLinkedTitle = (stats: BlockStats) =>
    HEADING_TAGS.has(stats.element.name) && stats.element !== mainHeading && (stats.withinLink || headingsWithLink.has(stats)) &&
    stats.ownText > 0 && 2 * stats.ownLinkText >= stats.ownText;

  const rootStats = createBlock(root, null, null, false);
  const stack: Frame[] = root.children.map((node) => ({ node, owner: rootStats, inLink: false })).reverse();
  while (stack.length > 0) {
    const { node, owner, inLink } = stack.pop()!;
    if (isText(node)) {
      const length = visibleLength(node.data);
      if (length === 0) continue;
      owner.ownText += length;
      if (inLink) owner.ownLinkText += length;
      if (!owner.hasSentenceEnd && SENTENCE_END.test(node.data)) owner.hasSentenceEnd = true;
      continue;
    }
    if (!isElement(node) || excluded.has(node) || excludesFlatSection(node)) continue;
    const nameHint = classHint(node);
    const hint = useClassHints || nameHint === 'always-boilerplate' ? nameHint : null;
    if (isBoilerplate(node, hint)) {
      excluded.add(node);
      continue;
    }
    const inline = isInlineTag(node.name);
    const childOwner = inline ? owner : createBlock(node, owner, hint, inLink);
    if (node.name === 'a' && HEADING_TAGS.has(owner.element.name) && pointsElsewhere(node)) headingsWithLink.add(owner);
    const childInLink = inLink || node.name === 'a';
    for (let i = node.children.length - 1; i >= 0; i--) {
      stack.push({ node: node.children[i], owner: childOwner, inLink: childInLink });
    }
  }

  // Children follow their parents in document order, so walking backwards sums every subtree bottom-up.
  for (let i = blocks.length - 1; i >= 0; i--) {
    const stats = blocks[i];
    // A card's summary ("<a href><h2>…</h2><div>Two sentences of excerpt.</div></a>") is there to be read.
    if (stats.withinLink && isProseLength(stats)) stats.ownLinkText = 0;
    const value = blockValue(stats);
    stats.text += stats.ownText;
    stats.linkText += stats.ownLinkText;
    if (value > 0) stats.good += value;
    else stats.bad -= value;
    if (HEADING_TAGS.has(stats.element.name)) {
      stats.headings++;
      if (isLinkedTitle(stats)) stats.linkedTitles++;
    }
    stats.card = stats.withinLink || (stats.headings === 1 && stats.linkedTitles === 1 && stats.text <= CARD_MAX_TEXT);
    if (stats.card) stats.teaser = stats.good;
    if (isProseLength(stats) && stats.ownLinkText / stats.ownText < 0.3) {
      stats.prose += stats.ownText;
    }
    let ancestor: BlockStats | null = stats;
    for (let distance = 0; ancestor && distance < DISTANCE_DECAY.length; distance++, ancestor = ancestor.parent) {
      ancestor.score += value * DISTANCE_DECAY[distance];
    }
    const parent = stats.parent;
    if (parent) {
      parent.text += stats.text;
      parent.linkText += stats.linkText;
      parent.good += stats.good;
      parent.bad += stats.bad;
      parent.prose += stats.prose;
      parent.teaser += stats.teaser;
      parent.headings += stats.headings;
      parent.linkedTitles += stats.linkedTitles;
    }
  }
  const headline = (mainHeading && byElement.get(mainHeading)) ?? null;
  markStrayTeasers(blocks, headline, furnitureHeadingsAt);
  return { blocks, byElement, excluded, headline };
}
