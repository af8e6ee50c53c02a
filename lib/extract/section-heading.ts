import { HEADING_TAGS, isElement, isInlineTag, isText, type AnyNode, type Element, type Text } from './dom';
import { readableText } from './text';

/** Subtrees a reader does not see as the start of a section: scripts, icons, controls. */
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'img', 'picture']);
/** Nodes looked at before giving up: a section's heading comes first, behind a few wrappers at most. */
const MAX_NODES = 40;
const BOLD_TAGS = new Set(['b', 'strong']);

function nextVisibleSibling(node: AnyNode): AnyNode | null {
  for (let sibling = node.next; sibling; sibling = sibling.next) {
    if (!isText(sibling) || sibling.data.trim() !== '') return sibling;
  }
  return null;
}

/**
 * Bold text on a line of its own — "<b>What's new</b><br>" or "<b>About this site</b><ul>…" — is how
 * hand-written pages head a box.
 */
function isBoldLine(el: Element): boolean {
  if (!BOLD_TAGS.has(el.name)) return false;
  const next = nextVisibleSibling(el);
  return next === null || (isElement(next) && (next.name === 'br' || !isInlineTag(next.name)));
}

/** The first text a reader sees in the element (among its first nodes), or null. */
export function firstVisibleText(el: Element): Text | null {
  const stack: AnyNode[] = [...el.children].reverse();
  for (let visited = 0; stack.length > 0 && visited < MAX_NODES; visited++) {
    const node = stack.pop()!;
    if (isText(node)) {
      if (node.data.trim() === '') continue;
      return node;
    }
    if (!isElement(node) || SKIPPED_TAGS.has(node.name)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return null;
}

/**
 * The heading a section opens with: the first visible text of the element, when that text sits in a heading
 * or a bold line ("<div class="head"><h2>Comments</h2><span>31</span></div>…" opens with "Comments").
 */
export function leadingHeading(el: Element): Element | null {
  const text = firstVisibleText(el);
  for (let parent = text?.parent; parent && parent !== el; parent = parent.parent) {
    if (isElement(parent) && (HEADING_TAGS.has(parent.name) || isBoldLine(parent))) return parent;
  }
  return null;
}

/** Whether a heading below the headline level reads like the pattern. */
export function headingMatches(heading: Element, pattern: RegExp): boolean {
  return heading.name !== 'h1' && pattern.test(readableText(heading));
}

/** Whether the section opens with a heading below the headline level whose text matches. */
export function opensWithHeading(el: Element, pattern: RegExp): boolean {
  const heading = leadingHeading(el);
  return heading !== null && headingMatches(heading, pattern);
}
