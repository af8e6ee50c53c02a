/**
 * Paid placements dressed as content: an entry of a listing (one of a run of alike siblings) that carries a
 * "Sponsored" label, whatever the site calls its classes.
 */
import { classList, isElement, isText, type AnyNode, type Element } from './dom';

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

const signature = (el: Element) => `${el.name}.${classList(el)[0] ?? ''}`;

function adjacentElement(el: Element, step: 'prev' | 'next'): Element | null {
  for (let node = el[step]; node; node = node[step]) if (isElement(node)) return node;
  return null;
}

/** One of a run of siblings built alike: a teaser in a listing, a card in a grid. */
function isListingEntry(el: Element): boolean {
  const own = signature(el);
  const prev = adjacentElement(el, 'prev');
  const next = adjacentElement(el, 'next');
  return (prev !== null && signature(prev) === own) || (next !== null && signature(next) === own);
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
