/**
 * Links a reader skips over: footnote references and their back-links ("<a href="#fn:1">1</a>", "↩"), and
 * bracketed editorial links such as "[source]", "[edit]" or "[3]".
 */
import { isElement, isText, type AnyNode, type Element } from './dom';

const FOOTNOTE_MARK = /^(?:\[?\d{1,3}\]?|[↩↑⤴^]\uFE0E?)$/;
const BRACKETED = /^\[[^\]]{1,24}\]$/;
/** Longer text than this is not a marker; reading stops there. */
const MAX_MARKER_LENGTH = 26;

/** The link's text, trimmed, or null when it runs longer than a marker can. */
function shortText(el: Element): string | null {
  let text = '';
  const stack: AnyNode[] = [...el.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isText(node)) text = node.data + text;
    else if (isElement(node)) for (const child of node.children) stack.push(child);
    if (text.length > MAX_MARKER_LENGTH * 4) return null;
  }
  text = text.trim();
  return text.length <= MAX_MARKER_LENGTH ? text : null;
}

export function isReferenceMarker(el: Element): boolean {
  if (el.name !== 'a') return false;
  const text = shortText(el);
  if (!text) return false;
  return BRACKETED.test(text) || (el.attribs.href?.startsWith('#') === true && FOOTNOTE_MARK.test(text));
}
