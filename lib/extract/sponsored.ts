/**
 * Paid placements dressed as content: an entry of a listing (one of a run of alike siblings) that carries a
 * "Sponsored" label, whatever the site calls its classes.
 */
import { isElement, isText, type AnyNode, type Element } from './dom';
import { isListingEntry } from './listing-entry';

const SPONSORED_LABEL = new RegExp(
  `^(?:${[
    'sponsored(?: content| post| story)?', 'sponsored by\\b.*', 'paid (?:content|post|partnership)', 'advertorial', 'promoted',
    'partner content', 'in partnership with\\b.*', 'anzeige', 'werbung', 'gesponsert', 'sponsorisé', 'contenu sponsorisé',
    'publireportage', 'patrocinado', 'contenido patrocinado', 'publicidad', 'sponsorizzato', 'contenuto sponsorizzato',
    'pubblicità', 'in collaborazione con\\b.*', 'gesponsord', 'advertentie',
  ].join('|')})[:.]?$`,
  'i',
);
const MAX_LABEL_LENGTH = 60;
/** Nodes of an entry searched for its label: labels sit near the top of a teaser. */
const MAX_NODES = 120;

/** Whether a short text is a sponsorship label such as "Sponsored" or "Contenuto sponsorizzato". */
export function isSponsoredLabel(text: string): boolean {
  return text.length <= MAX_LABEL_LENGTH && SPONSORED_LABEL.test(text);
}

function hasSponsoredLabel(el: Element): boolean {
  const stack: AnyNode[] = [...el.children];
  for (let visited = 0; stack.length > 0 && visited < MAX_NODES; visited++) {
    const node = stack.pop()!;
    if (isText(node) && isSponsoredLabel(node.data.trim())) return true;
    if (isElement(node)) for (const child of node.children) stack.push(child);
  }
  return false;
}

export function isSponsoredEntry(el: Element): boolean {
  return isListingEntry(el) && hasSponsoredLabel(el);
}
