/**
 * Teaser cards — a title and a summary that link to another page — and which of them are the page's own. Under a
 * listing's headline the cards are the content; on an article page the "Top stories" column, the video playlist and
 * the cards after the story are summaries of other pages ("stray"), however much longer than a short story they
 * are. A card belongs to other stories when it comes before the headline, lies outside the article element that
 * holds the headline, or sits in a section opened by a furniture heading or label.
 */
import { articleHolding } from './article-element';
import { isBoilerplateHeading } from './boilerplate';
import type { BlockStats, ContentStats } from './content-stats';
import { isDiscussionHeading } from './discussion';
import { HEADING_TAGS, isInside, type Element } from './dom';

/** A heading that opens a section rather than titling a card. */
const isSectionHeading = (block: BlockStats) =>
  HEADING_TAGS.has(block.element.name) && block.linkedTitles === 0 && !block.parent?.card;

/** Longest text of a label that stands for a heading ("<div class="module-label">Top stories</div>"). */
const MAX_LABEL_LENGTH = 40;

/**
 * A short line in a block of its own outside the cards — a linked heading ("More from Local News") or a <div> — heads
 * the rest of its container when it reads like a heading of furniture.
 */
const isLabel = (block: BlockStats) =>
  block.ownText > 0 && block.text === block.ownText && block.ownText <= MAX_LABEL_LENGTH && !block.parent?.card;

const isFurnitureHeading = (heading: Element) => isBoilerplateHeading(heading) || isDiscussionHeading(heading);

/**
 * Sets `stray` on every block (blocks in document order, as measureContent lists them, the root first).
 * `furnitureHeadingsAt` lists where furniture headings dropped from the blocks stood: the index of the block that came
 * next. Without a headline no card is stray.
 */
export function markStrayTeasers(blocks: BlockStats[], headline: BlockStats | null, furnitureHeadingsAt: number[]): void {
  if (!headline || blocks[0].teaser === 0) return;
  const article = articleHolding(headline.element);
  // The section heading is read only when a card comes under it.
  let sectionHeading: BlockStats | null = null;
  let underFurnitureHeading: boolean | null = false;
  let labelledFurniture: Element | null = null;
  let nextDropped = 0;
  for (const block of blocks) {
    for (; nextDropped < furnitureHeadingsAt.length && furnitureHeadingsAt[nextDropped] <= block.index; nextDropped++) underFurnitureHeading = true;
    if (isSectionHeading(block)) {
      sectionHeading = block;
      underFurnitureHeading = null;
    } else if (isLabel(block) && block.parent && block.parent.teaser > 0 && isFurnitureHeading(block.element)) {
      labelledFurniture = block.parent.element;
    }
    if (!block.card || block.parent?.card || block.teaser === 0) continue;
    underFurnitureHeading ??= sectionHeading !== null && isFurnitureHeading(sectionHeading.element);
    const inFurniture = underFurnitureHeading || (labelledFurniture !== null && isInside(block.element, labelledFurniture));
    if (block.index < headline.index || (article !== null && !isInside(block.element, article)) || inFurniture) block.stray = block.teaser;
  }
  for (let i = blocks.length - 1; i > 0; i--) {
    const { parent, stray } = blocks[i];
    if (parent && stray > 0) parent.stray += stray;
  }
}

/** The cards of other stories, whole: never content, even inside the chosen container. */
export function strayCards(blocks: BlockStats[]): Element[] {
  if (blocks[0].stray === 0) return [];
  return blocks.filter((block) => block.stray > 0 && block.card && !block.parent?.card).map((block) => block.element);
}

/** Mostly summaries of other stories. */
export const isOtherStories = (stats: BlockStats) => stats.stray > stats.good / 2;

/** Mostly the cards of the page's own listing. */
export const isListing = (stats: BlockStats) => stats.teaser - stats.stray > stats.good / 2;

/** Share of a block's cards one of its children must hold to stand for the listing. */
const LISTING_CORE = 3 / 4;

/** The container of a listing's cards inside a block: the child holding nearly all of them, as deep as there is one. */
export function cardContainer(block: BlockStats, stats: ContentStats): BlockStats {
  let container = block;
  for (;;) {
    const cardText = container.teaser - container.stray;
    let core: BlockStats | null = null;
    for (let i = container.index + 1; i < stats.blocks.length && isInside(stats.blocks[i].element, container.element); i++) {
      const child = stats.blocks[i];
      if (child.parent === container && child.teaser - child.stray >= LISTING_CORE * cardText) core = child;
    }
    if (!core || core.card) return container;
    container = core;
  }
}
