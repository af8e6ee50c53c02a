import { isElement, type Element } from './dom';
import { isListingEntry } from './listing-entry';

const ARTICLE_TYPE = /schema\.org\/\w*(?:Article|Posting|Report)$/;

/** An <article>, role="article" or schema.org Article item: the markup that says "one story starts and ends here". */
function isArticleElement(el: Element): boolean {
  const { attribs } = el;
  return el.name === 'article' || attribs.role === 'article' || (attribs.itemscope !== undefined && ARTICLE_TYPE.test(attribs.itemtype ?? ''));
}

/**
 * The nearest article element around a node (the headline's story), if the page marks one up. An article that is one
 * of a run of alike siblings is an entry of a listing (themes that give every entry its own <h1>), not the page's story.
 */
export function articleHolding(el: Element): Element | null {
  for (let node = el.parent; node; node = node.parent) {
    if (isElement(node) && isArticleElement(node)) return isListingEntry(node) ? null : node;
  }
  return null;
}
