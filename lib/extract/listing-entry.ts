import { classList, isElement, type Element } from './dom';

const signature = (el: Element) => `${el.name}.${classList(el)[0] ?? ''}`;

function adjacentElement(el: Element, step: 'prev' | 'next'): Element | null {
  for (let node = el[step]; node; node = node[step]) if (isElement(node)) return node;
  return null;
}

/** One of a run of siblings built alike: a teaser in a listing, a card in a grid. */
export function isListingEntry(el: Element): boolean {
  const own = signature(el);
  const prev = adjacentElement(el, 'prev');
  const next = adjacentElement(el, 'next');
  return (prev !== null && signature(prev) === own) || (next !== null && signature(next) === own);
}
