import type { Element } from './dom';
import { resolveHttpUrl } from './url';

/** The targets of <a href> elements: absolute, http(s) only, fragment removed, de-duplicated, in document order. */
export function collectLinks(anchors: Element[], baseUrl: string | null): string[] {
  const links = new Set<string>();
  for (const anchor of anchors) {
    const url = resolveHttpUrl(anchor.attribs.href, baseUrl);
    if (url) links.add(url);
  }
  return [...links];
}
