import type { CheerioAPI } from 'cheerio';
import { isElement, isText, type AnyNode, type Element } from './dom';
import { collapseWhitespace } from './text';

/**
 * The elements every extractor needs, gathered in one walk over the document instead of a selector query
 * each (a query is a full traversal too).
 */
export interface DocumentIndex {
  html: Element | null;
  body: Element | null;
  /** Text of the document's <title> (not an SVG <title>). */
  title: string | null;
  /** First <base href>. */
  baseHref: string | null;
  metas: Element[];
  /** <link rel href> elements. */
  linkTags: Element[];
  /** <script> elements whose type is JSON-LD. */
  jsonLdScripts: Element[];
  /** Top-level microdata items: itemscope elements that are not a property of another item. */
  itemScopes: Element[];
  /** <a href> elements, in document order. */
  anchors: Element[];
  h1s: Element[];
}

export function indexDocument($: CheerioAPI): DocumentIndex {
  const index: DocumentIndex = {
    html: null, body: null, title: null, baseHref: null, metas: [], linkTags: [], jsonLdScripts: [], itemScopes: [], anchors: [], h1s: [],
  };
  const stack: AnyNode[] = [...$.root().get(0)!.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    const { attribs } = node;
    switch (node.name) {
      case 'html':
        index.html ??= node;
        break;
      case 'body':
        index.body ??= node;
        break;
      case 'title':
        if (index.title === null && node.namespace !== 'http://www.w3.org/2000/svg') {
          index.title = collapseWhitespace(node.children.map((child) => (isText(child) ? child.data : '')).join(''));
        }
        break;
      case 'base':
        if (index.baseHref === null && attribs.href !== undefined) index.baseHref = attribs.href;
        break;
      case 'meta':
        index.metas.push(node);
        break;
      case 'link':
        if (attribs.rel !== undefined && attribs.href !== undefined) index.linkTags.push(node);
        break;
      case 'script':
        if ((attribs.type ?? '').toLowerCase().includes('ld+json')) index.jsonLdScripts.push(node);
        break;
      case 'a':
        if (attribs.href !== undefined) index.anchors.push(node);
        break;
      case 'h1':
        index.h1s.push(node);
        break;
    }
    if (attribs.itemscope !== undefined && attribs.itemprop === undefined) index.itemScopes.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return index;
}
