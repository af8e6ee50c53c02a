import { isElement, type Element } from './dom';
import type { SchemaNode } from './schema';
import { readableText } from './text';
import { resolveUrl } from './url';

const SOURCE_URL_TAGS = new Set(['audio', 'embed', 'iframe', 'img', 'source', 'track', 'video']);
const HREF_TAGS = new Set(['a', 'area', 'link']);

/** Value of an itemprop element, following the HTML microdata rules (plus the common content="" shortcut). */
function propertyValue(el: Element, baseUrl: string | null): string {
  const { attribs } = el;
  if (el.name === 'meta') return (attribs.content ?? '').trim();
  if (SOURCE_URL_TAGS.has(el.name)) return resolveUrl(attribs.src, baseUrl) ?? '';
  if (HREF_TAGS.has(el.name)) return resolveUrl(attribs.href, baseUrl) ?? '';
  if (el.name === 'object') return resolveUrl(attribs.data, baseUrl) ?? '';
  if (el.name === 'data' || el.name === 'meter') return (attribs.value ?? '').trim();
  if (el.name === 'time' && attribs.datetime) return attribs.datetime.trim();
  if (attribs.content !== undefined) return attribs.content.trim();
  return readableText(el);
}

function addProperty(item: SchemaNode, name: string, value: unknown): void {
  const existing = item[name];
  if (existing === undefined) item[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else item[name] = [existing, value];
}

/** One itemscope element as a JSON-LD-shaped object: {"@type": "Product", name: …, offers: {…}}. */
function readItem(scope: Element, baseUrl: string | null, depth: number): SchemaNode {
  const item: SchemaNode = {};
  const types = (scope.attribs.itemtype ?? '').trim().split(/\s+/).filter(Boolean);
  if (types.length > 0) item['@type'] = types.length === 1 ? types[0] : types;
  if (scope.attribs.itemid) item['@id'] = scope.attribs.itemid;

  const stack: Element[] = scope.children.filter(isElement).reverse();
  while (stack.length > 0) {
    const el = stack.pop()!;
    const names = (el.attribs.itemprop ?? '').trim().split(/\s+/).filter(Boolean);
    const opensScope = el.attribs.itemscope !== undefined;
    if (names.length > 0) {
      const value = opensScope ? (depth < 10 ? readItem(el, baseUrl, depth + 1) : {}) : propertyValue(el, baseUrl);
      for (const name of names) addProperty(item, name, value);
    }
    // A nested scope owns its own descendants.
    if (!opensScope) for (let i = el.children.length - 1; i >= 0; i--) {
      const child = el.children[i];
      if (isElement(child)) stack.push(child);
    }
  }
  return item;
}

/** Microdata items as JSON-LD-shaped objects, from their top-level itemscope elements. */
export function parseMicrodata(scopes: Element[], baseUrl: string | null): SchemaNode[] {
  return scopes.map((scope) => readItem(scope, baseUrl, 0));
}
