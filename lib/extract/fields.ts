import type { CheerioAPI } from 'cheerio';
import { isElement, type Element } from './dom';
import { parseNumber, parsePrice } from './price';
import { collapseWhitespace, readableText } from './text';
import type { ExtractionRules, FieldRule, FieldValue } from './types';
import { resolveUrl } from './url';

function matches($: CheerioAPI, selector: string): Element[] | null {
  try {
    // find(), not $(): $() would take a selector starting with `<` for HTML to create.
    return $.root().find(selector).toArray().filter(isElement);
  } catch {
    return null;
  }
}

function rawValue(el: Element, attribute: string | undefined): string {
  return attribute ? collapseWhitespace(el.attribs[attribute] ?? '') : readableText(el);
}

/** The attribute that holds an element's URL when the rule names none. */
function urlOf(el: Element, attribute: string | undefined): string | undefined {
  if (attribute) return el.attribs[attribute];
  const { attribs } = el;
  return attribs.href ?? attribs.src ?? attribs['data-src'] ?? attribs.content ?? attribs.srcset?.split(/\s+/)[0] ?? readableText(el);
}

function applyRule($: CheerioAPI, rule: FieldRule, baseUrl: string | null): FieldValue {
  if (!rule || typeof rule.selector !== 'string') return null;
  const found = matches($, rule.selector);
  if (!found || found.length === 0) return null;
  const [first] = found;
  switch (rule.type ?? 'text') {
    case 'number':
      return parseNumber(rawValue(first, rule.attribute));
    case 'price':
      return parsePrice(rawValue(first, rule.attribute));
    case 'url':
      return resolveUrl(urlOf(first, rule.attribute), baseUrl);
    case 'list': {
      const values = found.map((el) => rawValue(el, rule.attribute)).filter(Boolean);
      return values.length > 0 ? values : null;
    }
    default:
      return rawValue(first, rule.attribute);
  }
}

/** The caller's extraction rules applied to the page; a rule that matches nothing, or cannot run, gives null. */
export function applyRules($: CheerioAPI, rules: ExtractionRules | undefined, baseUrl: string | null): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  if (!rules || typeof rules !== 'object') return fields;
  for (const [name, rule] of Object.entries(rules)) {
    try {
      fields[name] = applyRule($, rule, baseUrl);
    } catch {
      fields[name] = null;
    }
  }
  return fields;
}
