import type { AnyNode, Element, Text } from 'domhandler';

export type { AnyNode, Element, Text };

/** domhandler gives <script> and <style> their own node types; they are elements all the same. */
export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function isText(node: AnyNode): node is Text {
  return node.type === 'text';
}

const INLINE_TAGS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font',
  'i', 'img', 'ins', 'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub',
  'sup', 'time', 'tt', 'u', 'var', 'wbr', 'nobr', 'output', 'picture', 'slot',
]);

export function isInlineTag(tag: string): boolean {
  return INLINE_TAGS.has(tag);
}

export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export function classList(el: Element): string[] {
  const value = el.attribs.class;
  return value ? value.trim().split(/\s+/) : [];
}

export function isInside(node: AnyNode, ancestor: Element): boolean {
  for (let current: AnyNode | null = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** How many elements up from the document root two nodes share: the depth of their nearest common ancestor. */
export function sharedDepth(a: AnyNode, b: AnyNode): number {
  const ancestorsOfB = new Set<AnyNode>();
  for (let node: AnyNode | null = b; node; node = node.parent) ancestorsOfB.add(node);
  let common: AnyNode | null = a;
  while (common && !ancestorsOfB.has(common)) common = common.parent;
  let depth = 0;
  for (let node = common?.parent ?? null; node; node = node.parent) depth++;
  return depth;
}

/** Whether a descendant (among the first 500 elements) passes the test. */
export function containsElement(el: Element, test: (node: Element) => boolean): boolean {
  const stack = [...el.children];
  for (let visited = 0; stack.length > 0 && visited < 500; visited++) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (test(node)) return true;
    for (const child of node.children) stack.push(child);
  }
  return false;
}
