/**
 * Sections without a wrapper: on hand-written and flat pages a "From the guestbook" or "Other radios on this
 * site" heading is a sibling of the paragraphs it heads, so its section is the run of siblings after it, up to
 * the next heading of the same or a higher rank.
 */
import { HEADING_TAGS, isElement, type Element } from './dom';
import { leadingHeading } from './section-heading';

const rank = (heading: Element) => Number(heading.name[1]);

/** The heading a sibling is or opens with, if it is a real <h2>…<h6> heading. */
function headingOf(el: Element): Element | null {
  const heading = HEADING_TAGS.has(el.name) ? el : leadingHeading(el);
  return heading && HEADING_TAGS.has(heading.name) ? heading : null;
}

/** The heading and the elements of its section, in document order. */
export function flatSection(heading: Element): Element[] {
  const section = [heading];
  for (let node = heading.next; node; node = node.next) {
    if (!isElement(node)) continue;
    const next = headingOf(node);
    if (next && rank(next) <= rank(heading)) break;
    section.push(node);
  }
  return section;
}
