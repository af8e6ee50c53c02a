import fc from 'fast-check';
import { dangerousUrl } from './dangerous-urls';
import { hugeText, nonBlankString } from './strings';

/**
 * Schema-driven mutations of a valid JSON body: each breaks exactly one thing that the OpenAPI document (the
 * dereferenced JSON Schema of the request body) says is required, plus a small table of rules the document cannot
 * express (SSRF-guarded URLs, CSS selectors, rule names, JSON Schemas, cron expressions). Every mutation must be
 * refused with a 4xx; one that is accepted is a bug (or a document that promises a check the API does not make).
 */

export type JsonSchema = Record<string, any>;
export type Path = (string | number)[];

export interface Mutation {
  /** e.g. `notify.0.url: dangerous URL` */
  label: string;
  /** Where the body is broken. */
  path: Path;
  /** The whole body as raw JSON text (raw, so that numbers such as 1e400 and own `__proto__` keys survive). */
  body: fc.Arbitrary<string>;
}

type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

const RAW = '@@raw-json-7f3a9@@';
/** A value that `toJsonText` writes as the given raw JSON text. */
export const rawJson = (text: string) => `${RAW}${text}${RAW}`;
const RAW_PATTERN = new RegExp(`"${RAW}(.*?)${RAW}"`, 'g');
export const toJsonText = (value: unknown) => JSON.stringify(value).replace(RAW_PATTERN, (_m, text: string) => JSON.parse(`"${text}"`));

/** Sets an own property, even `__proto__`, so that JSON.stringify writes it. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** The JSON types a schema accepts, or undefined when it does not say (free-form). */
export function typesOf(schema: JsonSchema | undefined): Set<JsonType> | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) {
    const all = new Set<JsonType>();
    for (const branch of branches) {
      const types = typesOf(branch);
      if (!types) return undefined;
      types.forEach((t) => all.add(t));
    }
    return all;
  }
  if (schema.type) return new Set((Array.isArray(schema.type) ? schema.type : [schema.type]) as JsonType[]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonType));
  if ('const' in schema) return new Set([jsonType(schema.const)]);
  if (schema.properties || (schema.additionalProperties && typeof schema.additionalProperties === 'object')) return new Set(['object']);
  if (schema.items) return new Set(['array']);
  return undefined;
}

const accepts = (types: Set<JsonType>, value: unknown) => {
  const t = jsonType(value);
  return types.has(t) || (t === 'integer' && types.has('number'));
};

const anyJson = fc.oneof(
  fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('1', 'true', 'null', '[]', '{}', '', '0x1', '1e3'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
/** A JSON value of a type the schema does not accept. */
export const wrongTypeValue = (types: Set<JsonType>) => anyJson.filter((value) => !accepts(types, value));

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];

/** A small valid-looking value for a schema: example, default, const, first enum value, or the least its type allows. */
export function exampleOf(schema: JsonSchema | undefined, overrides: Map<JsonSchema, unknown>): unknown {
  if (!schema) return {};
  if (overrides.has(schema)) return clone(overrides.get(schema));
  if ('example' in schema) return clone(schema.example);
  if ('default' in schema) return clone(schema.default);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) return exampleOf(branches[0], overrides);
  const type = [...(typesOf(schema) ?? new Set(['object']))][0];
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const key of schema.required ?? []) setOwn(value, key, exampleOf(schema.properties?.[key], overrides));
      return value;
    }
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items, overrides));
    case 'string':
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer': case 'number': return schema.minimum ?? 1;
    case 'boolean': return false;
    default: return null;
  }
}

interface Site { path: Path; schema: JsonSchema; name?: string; parent?: JsonSchema }

/**
 * Every place in the body the schema describes; arrays through their first item, maps (additionalProperties)
 * through the keys the valid body has. Free-form parts are not entered.
 */
export function sitesOf(schema: JsonSchema, valid: unknown, path: Path = [], name?: string, parent?: JsonSchema, depth = 0): Site[] {
  const sites: Site[] = [{ path, schema, name, parent }];
  if (depth > 8 || schema.anyOf || schema.oneOf) return sites;
  for (const [key, sub] of Object.entries<JsonSchema>(schema.properties ?? {})) {
    sites.push(...sitesOf(sub, getAt(valid, [key]), [...path, key], key, schema, depth + 1));
  }
  const map = schema.additionalProperties;
  if (map && typeof map === 'object' && typesOf(map) && valid && typeof valid === 'object' && !Array.isArray(valid)) {
    for (const key of Object.keys(valid)) {
      if (!Object.hasOwn(schema.properties ?? {}, key)) sites.push(...sitesOf(map, (valid as Record<string, unknown>)[key], [...path, key], undefined, schema, depth + 1));
    }
  }
  if (schema.items && typeof schema.items === 'object') sites.push(...sitesOf(schema.items, getAt(valid, [0]), [...path, 0], name, schema, depth + 1));
  return sites;
}

/** The schema of each step along `path`. */
function schemasAlong(root: JsonSchema, path: Path): JsonSchema[] {
  const out = [root];
  let current: JsonSchema | undefined = root;
  for (const step of path) {
    current = typeof step === 'number' ? current?.items : current?.properties?.[step] ?? (typeof current?.additionalProperties === 'object' ? current.additionalProperties : undefined);
    out.push(current ?? {});
  }
  return out;
}

/** A copy of `body` with `value` at `path`, creating missing parents from their schemas; `undefined` deletes. */
export function withValueAt(body: unknown, root: JsonSchema, path: Path, value: unknown, overrides: Map<JsonSchema, unknown>): unknown {
  if (path.length === 0) return value;
  const schemas = schemasAlong(root, path);
  const copy = clone(body) as any;
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i];
    if (node[step] === undefined || node[step] === null || typeof node[step] !== 'object') {
      const created = exampleOf(schemas[i + 1], overrides);
      node[step] = created && typeof created === 'object' ? created : typeof path[i + 1] === 'number' ? [] : {};
    }
    if (Array.isArray(node[step]) && typeof path[i + 1] === 'number' && node[step].length === 0) {
      node[step].push(exampleOf(schemas[i + 2], overrides));
    }
    node = node[step];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (Array.isArray(node)) node[Number(last)] = value;
  else setOwn(node, String(last), value);
  return copy;
}

export const getAt = (body: unknown, path: Path): unknown => path.reduce<any>((node, step) => (node == null ? undefined : node[step]), body);

const withoutEdgeSpaces = (s: string) => s.replace(/^\s+|\s+$/gu, '') || 'x';

/** Inserts `char` into a string without making it longer than maxLength; into the host when it is a URL. */
function insertInto(text: string, char: string, position: number, maxLength?: number): string {
  let base = text || 'x';
  let at = position % (base.length + 1);
  const hostStart = /^[a-z][a-z0-9+.-]*:\/\//i.exec(base)?.[0].length;
  if (hostStart) at = hostStart + 1;
  if (maxLength !== undefined && base.length + char.length > maxLength) base = base.slice(0, Math.max(0, maxLength - char.length));
  at = Math.min(at, base.length);
  return base.slice(0, at) + char + base.slice(at);
}

const INVALID_DATE_TIMES = ['', 'yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01', '01/02/2026', '2026-01-01T00:00:00', '2026-01-01 00:00:00Z', 'T', '9999999-01-01T00:00:00Z', '2026-01-01T00:00:00+99:00', '\u0000'];
/** Not CSS selectors. The last ones are HTML, which cheerio's $() would turn into an element instead of a query. */
const INVALID_SELECTORS = ['div[[', ':not(', '>>>', '#', '.', 'a,,b', '[x=', ':nth-child(', 'a:foo', ':has(', '[', ']', 'a[b="c', '\\', '{}', ', a', ':nth-child(2n+)', '%', '"',
  'a\u0000', 'a::', '::', 'a ~~ b', ':not()', '$', 'a)', '<p>fabricated</p>', '<b>', '<img src=x onerror=alert(1)>'];
const INVALID_RULE_NAMES = ['', 'a b', '1abc', 'a-b', 'a.b', '$x', 'ñ', 'x'.repeat(65), 'a\u0000', '\u202e', ' a'];
const INVALID_JSON_SCHEMAS: unknown[] = [
  { type: 'wibble' }, { type: 5 }, { type: ['string', 'wibble'] }, { required: 'x' }, { properties: 5 }, { properties: { a: 5 } }, { minLength: -1 },
  { maximum: 'ten' }, { pattern: '(' }, { pattern: '[' }, { $ref: '#/nope' }, { $ref: 'http://169.254.169.254/latest/meta-data/' }, { $ref: 'file:///etc/passwd' },
  { allOf: 'x' }, { anyOf: [] }, { enum: 5 }, { items: 5 }, { additionalProperties: 5 }, { $schema: 'http://127.0.0.1/schema' }, { if: 5 },
  { properties: { 'a\u0000': { type: 'string' } } }, { description: 'nul \u0000 inside' }, { title: '\ud800' },
];
const INVALID_CRONS = ['not a cron', '* * *', '61 * * * *', '* 25 * * *', '*/0 * * * *', '* * 32 * *', '* * * 13 *', '@never', '\u0000', '* * * * * * * *'];
const INVALID_TIMEZONES = ['Mars/Olympus_Mons', 'UTC+99', '../../etc/passwd', 'Europe/', '\u0000', 'Nowhere/Nowhere'];

/** Nested `{"not": …}` ending in an invalid schema: as deep as the 1 MB body allows. */
const deepInvalidSchema = fc.integer({ min: 100, max: 60_000 }).map((depth) => rawJson(`${'{"not":'.repeat(depth)}{"type":"wibble"}${'}'.repeat(depth)}`));

/** Rules the document cannot express, by property name (only where the document's schema describes the property). */
function semanticMutations(site: Site): [string, fc.Arbitrary<unknown>][] {
  const types = typesOf(site.schema);
  const isString = types?.has('string') && types.size === 1;
  switch (site.name) {
    case 'url': return isString ? [['dangerous URL', dangerousUrl]] : [];
    case 'selector': return isString ? [['invalid CSS selector', fc.constantFrom(...INVALID_SELECTORS)]] : [];
    case 'cron': return [['invalid cron', fc.constantFrom(...INVALID_CRONS)]];
    case 'timezone': return isString ? [['unknown time zone', fc.constantFrom(...INVALID_TIMEZONES)]] : [];
    case 'interval': return isString ? [['zero interval', fc.constantFrom('0s', '0ms', '0m', '0h', '0d')]] : [];
    case 'ignoreRobots': return [['ignoreRobots for a host that may not ignore robots.txt', fc.constant(true)]];
    case 'schema': return types?.has('object') ? [
      ['invalid (or unstorable) JSON Schema', fc.constantFrom(...INVALID_JSON_SCHEMAS)],
      ['deeply nested invalid JSON Schema', deepInvalidSchema],
    ] : [];
    case 'rules': {
      const rule = site.schema.additionalProperties;
      if (!rule || typeof rule !== 'object') return [];
      const validRule = { selector: 'h1' };
      return [
        ['invalid rule name', fc.constantFrom(...INVALID_RULE_NAMES).map((name) => { const rules = {}; setOwn(rules, name, validRule); return rules; })],
        ['too many rules', fc.integer({ min: 51, max: 200 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, validRule])))],
      ];
    }
    default: return [];
  }
}

/** The kinds of breakage that apply to one site, each a generator of the broken value (undefined = remove it). */
function breakagesOf(site: Site, current: unknown, overrides: Map<JsonSchema, unknown>): [string, fc.Arbitrary<unknown>][] {
  const s = site.schema;
  const out: [string, fc.Arbitrary<unknown>][] = [];
  const types = typesOf(s);
  if (types) out.push(['wrong type', wrongTypeValue(types)]);
  if (types && !types.has('null')) out.push(['null', fc.constant(null)]);
  const only = (t: JsonType) => types !== undefined && types.size === 1 && types.has(t);

  if (only('string') || (types?.has('string') && !s.anyOf && !s.oneOf)) {
    if (Array.isArray(s.enum)) {
      out.push(['not in enum', fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...s.enum.map(String)).chain((v) => fc.constantFrom(v.toUpperCase(), ` ${v}`, `${v} `, `${v}\u0000`, `${v}\u200b`, v.slice(1), `${v}s`)),
      ).filter((v) => !s.enum.includes(v))]);
    } else {
      if (typeof s.maxLength === 'number') out.push(['longer than maxLength', hugeText(s.maxLength + 1, s.maxLength + 5_000).map(withoutEdgeSpaces).filter((v) => [...v].length > s.maxLength)]);
      if (typeof s.minLength === 'number' && s.minLength > 0) out.push(['shorter than minLength', fc.constant('x'.repeat(s.minLength - 1))]);
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern, 'u');
        out.push(['not matching pattern', fc.oneof(fc.string({ maxLength: 30 }), nonBlankString(30)).filter((v) => !re.test(v))]);
      }
      if (s.format === 'date-time') out.push(['not a date-time', fc.constantFrom(...INVALID_DATE_TIMES)]);
      const text = typeof current === 'string' ? current : String(exampleOf(s, overrides));
      out.push(['U+0000 inside', fc.nat().map((at) => insertInto(text, '\u0000', at, s.maxLength))]);
      out.push(['unpaired surrogate inside', fc.tuple(fc.nat(), fc.constantFrom('\ud800', '\udfff', '\udc00x')).map(([at, ch]) => insertInto(text, ch, at, s.maxLength))]);
    }
  }
  if (types && (only('integer') || only('number'))) {
    const min = s.minimum ?? s.exclusiveMinimum;
    const max = s.maximum ?? s.exclusiveMaximum;
    if (typeof min === 'number') out.push(['below minimum', fc.oneof(fc.constant(s.exclusiveMinimum ?? min - 1), fc.integer({ min: -1e9, max: Math.ceil(min) - 1 }), fc.constant(-1e308), fc.constant(rawJson('-1e400')))]);
    if (typeof max === 'number') out.push(['above maximum', fc.oneof(fc.constant(s.exclusiveMaximum ?? max + 1), fc.integer({ min: Math.floor(max) + 1, max: 2 ** 31 }), fc.constantFrom(1e308, 2 ** 53 + 2, rawJson('1e400'), rawJson('123456789012345678901234567890')))]);
    if (only('integer')) {
      const lo = typeof min === 'number' ? min : 0;
      out.push(['fractional integer', fc.constantFrom(lo + 0.5, lo + 0.001, lo + 1 - Number.EPSILON * 4)]);
    }
  }
  if (only('array')) {
    const item = exampleOf(s.items, overrides);
    const sample = Array.isArray(current) && current.length > 0 ? current[0] : item;
    if (typeof s.maxItems === 'number') out.push(['more than maxItems', fc.integer({ min: s.maxItems + 1, max: s.maxItems + 20 }).map((n) => Array.from({ length: n }, () => clone(sample)))]);
    if (typeof s.minItems === 'number' && s.minItems > 0) out.push(['fewer than minItems', fc.constant(Array.from({ length: s.minItems - 1 }, () => clone(sample)))]);
  }
  if (only('object')) {
    const base = (current && typeof current === 'object' && !Array.isArray(current) ? current : exampleOf(s, overrides)) as Record<string, unknown>;
    const props = s.properties ?? {};
    for (const key of s.required ?? []) {
      out.push([`without required ${key}`, fc.constant(Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)))]);
    }
    if (s.additionalProperties === false) {
      const key = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('URL', 'Url', 'url ', ' url', 'url\u0000', ''))
        .filter((k) => !Object.hasOwn(props, k));
      const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ polluted: true }));
      out.push(['unknown property (also __proto__, constructor)', fc.tuple(key, value).map(([k, v]) => { const copy = clone(base); setOwn(copy, k, v); return copy; })]);
    }
    const record = s.additionalProperties;
    if (record && typeof record === 'object' && typesOf(record)) {
      // Not __proto__: zod skips that key in records (dropped, never assigned), which is a safe answer too.
      out.push(['prototype key in a map, with a bad value', fc.tuple(fc.constantFrom(...PROTO_KEYS.filter((k) => k !== '__proto__')), wrongTypeValue(typesOf(record)!)).map(([k, v]) => {
        const copy = clone(base); setOwn(copy, k, v); return copy;
      })]);
    }
  }
  out.push(...semanticMutations(site));
  return out;
}

/**
 * All single-point mutations of `valid` (a body that satisfies `schema`), one entry per site and kind of breakage.
 * Removing an optional property or leaving it at its default is never generated: only definite violations.
 */
export function mutationsOf(schema: JsonSchema, valid: unknown, overrides: Map<JsonSchema, unknown>): Mutation[] {
  const mutations: Mutation[] = [];
  for (const site of sitesOf(schema, valid)) {
    const current = getAt(valid, site.path);
    for (const [kind, broken] of breakagesOf(site, current, overrides)) {
      mutations.push({
        label: `${site.path.join('.') || '(body)'}: ${kind}`,
        path: site.path,
        body: broken.map((value) => toJsonText(withValueAt(valid, schema, site.path, value, overrides))),
      });
    }
  }
  return mutations;
}

/** The mutations that put a dangerous URL in a URL field of the body. */
export function urlFieldMutations(schema: JsonSchema, valid: unknown, overrides: Map<JsonSchema, unknown>): Mutation[] {
  return sitesOf(schema, valid).filter((site) => site.name === 'url' && typesOf(site.schema)?.has('string')).map((site) => ({
    label: `${site.path.join('.')}: dangerous URL`,
    path: site.path,
    body: dangerousUrl.map((url) => toJsonText(withValueAt(valid, schema, site.path, url, overrides))),
  }));
}
