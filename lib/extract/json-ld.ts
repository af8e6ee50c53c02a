import { isText, type Element } from './dom';
import type { SchemaNode } from './schema';

function isObject(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripWrappers(source: string): string {
  return source
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>$/, '')
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .trim();
}

/** Escapes raw control characters inside string literals, a common hand-written JSON-LD mistake. */
function escapeControlCharactersInStrings(source: string): string {
  let inString = false;
  let escaped = false;
  let out = '';
  for (const char of source) {
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      else if (char < ' ') {
        out += char === '\n' ? '\\n' : char === '\t' ? '\\t' : char === '\r' ? '\\r' : ' ';
        continue;
      }
    } else if (char === '"') {
      inString = true;
    }
    out += char;
  }
  return out;
}

function tryParse(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return undefined;
  }
}

/** Parses one <script type="application/ld+json"> body, repairing the usual mistakes; undefined if hopeless. */
export function parseJsonLdSource(raw: string): unknown {
  const source = stripWrappers(raw);
  if (!source) return undefined;
  const strict = tryParse(source);
  if (strict !== undefined) return strict;
  const repaired = escapeControlCharactersInStrings(source).replace(/,\s*([}\]])/g, '$1');
  return tryParse(repaired) ?? tryParse(`[${repaired.replace(/}\s*{/g, '},{')}]`);
}

function flatten(value: unknown, into: SchemaNode[], depth = 0): void {
  if (depth > 20) return;
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, into, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  const { '@graph': graph, ...rest } = value;
  if (graph === undefined) {
    into.push(value);
    return;
  }
  if (Object.keys(rest).some((key) => key !== '@context')) into.push(rest);
  flatten(graph, into, depth + 1);
}

/** Every JSON-LD object in the scripts, with arrays and @graph containers flattened, in document order. */
export function parseJsonLd(scripts: Element[]): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  for (const script of scripts) {
    const source = script.children.map((child) => (isText(child) ? child.data : '')).join('');
    flatten(parseJsonLdSource(source), nodes);
  }
  return nodes;
}
