import fc from 'fast-check';
import { exampleOf, mutationsOf, toJsonText, typesOf, urlFieldMutations, type JsonSchema, type Mutation } from './body-mutations';
import type { FuzzRequest } from './fuzz-harness';
import type { ApiDescription, Operation, Param } from './openapi-operations';
import { anyString, b64, b64url, headerValue, hugeText, nastyString, nonBlankString, pct, pctBytes } from './strings';

/** What the generators need to know besides the OpenAPI document. */
export interface FuzzContext {
  api: ApiDescription;
  /** The Authorization header that lets a request through (an admin key). */
  authorization: string;
  /** Ids of rows that exist, by the path segment before `{id}` (`scrapes`), used by GETs to reach deeper code. */
  existingIds: Record<string, string>;
  /** A well-formed id of nothing. */
  missingId: string;
  /** Valid request bodies, by component schema (the same object the dereferenced operations point to). */
  validBodies: Map<JsonSchema, unknown>;
  /** Operations whose valid body is known to be accepted: their 400s must name the broken field. */
  verifiedBodies: Set<string>;
}

type Labelled<T> = fc.Arbitrary<[string, T]>;
const labelled = <T>(label: string, arb: fc.Arbitrary<T>): Labelled<T> => arb.map((value) => [label, value] as [string, T]);

/** The request an operation would accept (as far as path, headers and body go), before one part is broken. */
export class RequestBuilder {
  private readonly mutationCache = new Map<string, Mutation[]>();
  private readonly urlMutationCache = new Map<string, Mutation[]>();
  constructor(readonly ctx: FuzzContext) {}

  resource(op: Operation) {
    return /^\/v1\/([^/{]+)\//.exec(op.path)?.[1] ?? '';
  }

  /** Path params: an existing id for a read, a missing one for anything that could write. */
  defaultSegment(op: Operation, forceMissing = false): string {
    const existing = this.ctx.existingIds[this.resource(op)];
    return !op.mutating && !forceMissing && existing ? existing : this.ctx.missingId;
  }

  path(op: Operation, segments: Record<string, string> = {}, query = ''): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => segments[name] ?? this.defaultSegment(op));
    return query ? `${path}?${query}` : path;
  }

  headers(op: Operation, extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: this.ctx.authorization, ...(op.body ? { 'content-type': 'application/json' } : {}), ...extra };
  }

  validBody(op: Operation): unknown {
    const schema = op.body?.schema;
    if (!schema) return undefined;
    if (this.ctx.validBodies.has(schema)) return this.ctx.validBodies.get(schema);
    return exampleOf(schema, this.ctx.validBodies);
  }

  validBodyText(op: Operation): string | undefined {
    return op.body ? toJsonText(this.validBody(op) ?? {}) : undefined;
  }

  mutations(op: Operation): Mutation[] {
    if (!op.body?.schema) return [];
    if (!this.mutationCache.has(op.key)) this.mutationCache.set(op.key, mutationsOf(op.body.schema, this.validBody(op), this.ctx.validBodies));
    return this.mutationCache.get(op.key)!;
  }

  urlMutations(op: Operation): Mutation[] {
    if (!op.body?.schema) return [];
    if (!this.urlMutationCache.has(op.key)) this.urlMutationCache.set(op.key, urlFieldMutations(op.body.schema, this.validBody(op), this.ctx.validBodies));
    return this.urlMutationCache.get(op.key)!;
  }

  /**
   * For a writing operation whose broken part might be ignored (an unknown query parameter, a stray header), a second
   * certain fault: a missing id, or else a body that is not JSON. Undefined when the operation has neither.
   */
  spoiled(op: Operation): { segments: Record<string, string>; body?: string } | undefined {
    if (!op.mutating) return { segments: {}, body: undefined };
    if (op.pathParams.length > 0) return { segments: Object.fromEntries(op.pathParams.map((p) => [p.name, this.ctx.missingId])), body: this.validBodyText(op) };
    if (op.body) return { segments: {}, body: '{"spoiled":' };
    return undefined;
  }

  request(op: Operation, attack: string, parts: { segments?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: string | Uint8Array; method?: string; mustReject?: boolean }): FuzzRequest {
    const method = parts.method ?? op.method;
    const reads = ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
    return {
      op: op.key, attack, method,
      path: this.path(op, parts.segments, parts.query),
      headers: parts.headers ?? this.headers(op),
      body: ['GET', 'HEAD'].includes(method.toUpperCase()) ? undefined : 'body' in parts ? parts.body : this.validBodyText(op),
      mustReject: parts.mustReject ?? !reads,
    };
  }
}


// ---------------------------------------------------------------------------------------------------------------
// Path ids

export const badPathSegment: Labelled<string> = fc.oneof(
  labelled('too long', hugeText(65, 3_000).map(pct)),
  labelled('too long (ASCII)', fc.integer({ min: 65, max: 7_000 }).map((n) => 'a'.repeat(n))),
  labelled('unicode / control characters', anyString(64).filter((s) => s.length > 0).map(pct)),
  labelled('U+0000', fc.constantFrom('%00', 'a%00', '%00a', '01jd%002x')),
  labelled('traversal', fc.constantFrom('..', '.', '../..', '..%2F..%2Fwebhooks', '%2e%2e', '%2e%2e%2f', '..%5c..%5c', '....//', '%2F', '%2Fetc%2Fpasswd', '..;', '.%00.', '..%252f', '%2e', '~')),
  labelled('invalid percent-encoding', fc.oneof(fc.constantFrom('%', '%z', '%zz', '%e0%a4', '%ED%A0%80', '%C0%AE', '%FF%FE', '%u0041', '%%', '100%'), pctBytes)),
  labelled('raw special characters', fc.constantFrom('?', '#', ';', '@', ':', '*', '\\', '|', '^', '`', '{}', '[]', ' ', '%20', '+', '&', '=', '"', '<>')),
  labelled('injection', fc.constantFrom("' OR '1'='1", '1;DROP TABLE scrapes', '{"$gt":""}', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '__proto__', 'constructor', '*', '_', '%', '$where').map(pct)),
  labelled('empty', fc.constant('')),
);

export function pathAttack(b: RequestBuilder, ops: Operation[]): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) => fc.tuple(fc.constantFrom(...op.pathParams), badPathSegment).map(([param, [kind, segment]]) => {
    const segments = Object.fromEntries(op.pathParams.map((p) => [p.name, b.defaultSegment(op, true)]));
    segments[param.name] = segment;
    return b.request(op, `path ${param.name}: ${kind}`, { segments });
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Query parameters

const NUMERIC_JUNK = ['', ' ', '-1', '0', '1.5', '1e3', '1e309', '-1e309', 'Infinity', '-Infinity', 'NaN', '0x10', '0b1', '0o7', '1_000', '١', '９', '+1', '1 ', ' 1',
  'true', 'null', '[]', '{}', '99999999999999999999999', '-0', '1,2', '2147483648', '9007199254740993', '1%00', '%00'];

const cursorJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.array(fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }), fc.double(), fc.integer(), fc.constant(null), fc.boolean(),
    fc.constantFrom(1e300, -1e300, 1.5, 0.1, -0, 2 ** 53 + 1, 2 ** 63, 2 ** 64, -1, 0, 'zzzzzzzzzzzzzzzzzzzzzzzzzz', '\u0000', 'a\u0000b', "'; drop table scrapes; --", '\ud800', '%', ''),
  ), { minLength: 0, maxLength: 3 }),
);
/** Opaque cursors that are not: JSON of the wrong shape or type, non-JSON bytes, wrong alphabet, too long. */
export const badCursor: Labelled<string> = fc.oneof(
  labelled('cursor: base64url JSON of another shape', cursorJson.map((v) => b64url(JSON.stringify(v) ?? 'null'))),
  labelled('cursor: base64url JSON number', fc.constantFrom(1e300, 1.5, -1, 2 ** 63, 0.5, -1e-300, 2 ** 53 + 1, 4294967296.5).map((n) => b64url(`[${n}]`))),
  labelled('cursor: base64url JSON string', fc.oneof(anyString(30), fc.constantFrom('\u0000', '\ud800', 'a\u0000')).map((s) => b64url(JSON.stringify([s])))),
  labelled('cursor: not JSON', fc.uint8Array({ maxLength: 64 }).map(b64url)),
  labelled('cursor: standard base64', cursorJson.map((v) => b64(JSON.stringify(v) ?? 'null'))),
  labelled('cursor: not base64', anyString(40)),
  labelled('cursor: too long', fc.integer({ min: 513, max: 5_000 }).map((n) => 'A'.repeat(n))),
);

function badQueryValue(param: Param): Labelled<string> {
  const s = param.schema ?? {};
  const types = typesOf(s);
  const arbs: Labelled<string>[] = [labelled(`${param.name}: nasty string`, anyString(40))];
  if (param.name === 'cursor') arbs.push(badCursor, badCursor, badCursor);
  if (types?.has('integer') || types?.has('number')) {
    arbs.push(labelled(`${param.name}: not a number in range`, fc.constantFrom(...NUMERIC_JUNK)));
    if (typeof s.maximum === 'number') arbs.push(labelled(`${param.name}: above maximum`, fc.integer({ min: s.maximum + 1, max: 2 ** 31 - 1 }).map(String)));
    if (typeof s.minimum === 'number') arbs.push(labelled(`${param.name}: below minimum`, fc.integer({ min: -(2 ** 31), max: s.minimum - 1 }).map(String)));
  }
  if (Array.isArray(s.enum)) {
    arbs.push(labelled(`${param.name}: not in enum`, fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...s.enum.map(String)).chain((v) => fc.constantFrom(v.toUpperCase(), ` ${v}`, `${v}\u0000`, `${v},${v}`, v.slice(1))),
    ).filter((v) => !s.enum.includes(v))));
  }
  if (typeof s.maxLength === 'number') arbs.push(labelled(`${param.name}: longer than maxLength`, hugeText(s.maxLength + 1, s.maxLength + 3_000)));
  arbs.push(labelled(`${param.name}: U+0000`, fc.constantFrom('\u0000', 'a\u0000', '\u0000\u0000')));
  return fc.oneof(...arbs);
}

/** Encodings of one name=value pair, including the ones that confuse parsers. */
const pairEncodings: fc.Arbitrary<(name: string, value: string) => string> = fc.constantFrom(
  (n: string, v: string) => `${pct(n)}=${pct(v)}`,
  (n: string, v: string) => `${pct(n)}=${pct(v)}`,
  (n: string, v: string) => `${pct(n)}=${pct(v)}&${pct(n)}=${pct(v)}`,
  (n: string, v: string) => `${pct(n)}[]=${pct(v)}`,
  (n: string, v: string) => `${pct(n)}[$gt]=${pct(v)}`,
  (n: string, v: string) => `${pct(n)}=${v.replace(/[#&]/g, (c) => pct(c))}`,
  (n: string) => pct(n),
  (n: string, v: string) => `${pct(n)}=${pct(v)}%`,
);

const junkQuery: Labelled<string> = fc.oneof(
  labelled('unknown parameters', fc.array(fc.tuple(fc.oneof(anyString(12), fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'constructor[prototype][polluted]', '')), anyString(20)), { minLength: 1, maxLength: 4 })
    .map((pairs) => pairs.map(([n, v]) => `${pct(n)}=${pct(v)}`).join('&'))),
  labelled('broken query syntax', fc.oneof(fc.constantFrom('&&&', '=', '==', '?', '%', '%zz', '%00', '&=&=', ';', 'a=1;b=2', '+', '%2B', '#frag'), pctBytes)),
  labelled('huge query', fc.integer({ min: 2_000, max: 10_000 }).map((n) => `x=${'y'.repeat(n)}`)),
);

export function queryAttack(b: RequestBuilder, ops: Operation[]): fc.Arbitrary<FuzzRequest> {
  const usable = ops.filter((op) => b.spoiled(op));
  // Every (operation, parameter) pair equally often, so each cursor and limit gets its share; then junk anywhere.
  const pairs = usable.flatMap((op) => op.queryParams.map((param) => ({ op, param })));
  const send = (op: Operation, label: string, query: string) => {
    const spoiled = b.spoiled(op)!;
    return b.request(op, `query ${label}`, { query, segments: spoiled.segments, ...(op.mutating ? { body: spoiled.body } : {}) });
  };
  const targeted = fc.constantFrom(...pairs).chain(({ op, param }) => fc.tuple(
    badQueryValue(param),
    pairEncodings,
    // Sometimes a second parameter broken as well.
    fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...op.queryParams).chain((other) => fc.tuple(fc.constant(other), badQueryValue(other), pairEncodings)) }),
  ).map(([[label, value], encode, second]) => send(op,
    second ? `${label} + ${second[1][0]}` : label,
    [encode(param.name, value), ...(second ? [second[2](second[0].name, second[1][1])] : [])].join('&'))));
  const junk = fc.constantFrom(...usable).chain((op) => junkQuery.map(([label, query]) => send(op, label, query)));
  return pairs.length > 0 ? fc.oneof({ weight: 3, arbitrary: targeted }, { weight: 1, arbitrary: junk }) : junk;
}

// ---------------------------------------------------------------------------------------------------------------
// Headers

export function authorizationAttack(adminKey: string): Labelled<string | undefined> {
  return fc.oneof(
    labelled('no Authorization', fc.constant(undefined)),
    labelled('malformed Authorization', fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Token x', 'Bearer a b', `Token ${adminKey}`, adminKey,
      `Bearer ${adminKey} ${adminKey}`, `Bearer ${adminKey}x`, `Bearer ${adminKey.slice(0, -1)}`, `Bearer trawl_${'A'.repeat(20)}`, `Bearer trawl_${'A'.repeat(201)}`,
      `Bearer trawl_${'ü'.repeat(25)}`, 'Bearer null', 'Bearer undefined', `Bearer\t${adminKey}`, 'Bearer ../../etc/passwd', `Bearer ${'x'.repeat(8_000)}`)),
    labelled('random Authorization', headerValue(0, 300)),
    labelled('random bearer token', headerValue(1, 250).map((v) => `Bearer ${v}`)),
  );
}

const JUNK_HEADERS: Record<string, fc.Arbitrary<string>> = {
  accept: fc.constantFrom('application/xml', 'text/html', '*/*;q=0', 'application/json;q=0', 'image/*', ''),
  'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'zstd', 'identity;q=0', '*', 'gzip;q=abc', 'gzip, deflate, br', 'x-unknown'),
  'accept-language': headerValue(0, 100),
  origin: fc.constantFrom('http://evil.example', 'null', 'http://127.0.0.1', 'file://', 'https://example.com'),
  'x-request-id': fc.oneof(headerValue(0, 300), fc.constantFrom('../../etc', 'a'.repeat(129), '', 'id with spaces', '<script>')),
  'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1, 10.0.0.1', 'garbage', '169.254.169.254'),
  'x-forwarded-host': fc.constantFrom('evil.example', 'localhost'),
  'x-http-method-override': fc.constantFrom('DELETE', 'PUT', 'PATCH'),
  cookie: headerValue(0, 200),
  range: fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=999999-', 'lines=1-2'),
  'if-none-match': fc.constantFrom('*', '"x"', 'W/"x"'),
  'if-modified-since': fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'garbage'),
  'user-agent': headerValue(0, 500),
  'access-control-request-method': fc.constantFrom('DELETE', 'GET', 'TRACE'),
  'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x'),
  'idempotency-key': headerValue(201, 1_000),
};
const junkHeaders: Labelled<Record<string, string>> = fc.oneof(
  labelled('odd standard headers', fc.dictionary(fc.constantFrom(...Object.keys(JUNK_HEADERS)), fc.constant(''), { minKeys: 1, maxKeys: 4 })
    .chain((picked) => fc.record(Object.fromEntries(Object.keys(picked).map((k) => [k, JUNK_HEADERS[k]]))) as fc.Arbitrary<Record<string, string>>)),
  labelled('unknown headers', fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,30}$/), headerValue(0, 200), { minKeys: 1, maxKeys: 5 })),
  labelled('many headers', fc.integer({ min: 50, max: 150 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(20)])))),
);

export function headerAttack(b: RequestBuilder, ops: Operation[], adminKey: string): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) => {
    const kinds: fc.Arbitrary<FuzzRequest>[] = [
      authorizationAttack(adminKey).map(([label, value]) => {
        const headers = b.headers(op);
        if (value === undefined) delete headers.authorization;
        else headers.authorization = value;
        return b.request(op, `header ${label}`, { headers });
      }),
    ];
    for (const param of op.headerParams) {
      const s = param.schema ?? {};
      const values: Labelled<string>[] = [];
      if (typeof s.maxLength === 'number') values.push(labelled('longer than maxLength', headerValue(s.maxLength + 1, Math.max(s.maxLength + 2, 8_000))));
      if ((s.minLength ?? 0) > 0) values.push(labelled('empty', fc.constant('')));
      if (typeof s.pattern === 'string') values.push(labelled('not matching pattern', headerValue(1, 40).filter((v) => !new RegExp(s.pattern, 'u').test(v))));
      if (values.length > 0) {
        kinds.push(fc.oneof(...values).map(([label, value]) => b.request(op, `header ${param.name}: ${label}`, { headers: b.headers(op, { [param.name]: value }) })));
      }
    }
    const spoiled = b.spoiled(op);
    if (spoiled) {
      kinds.push(junkHeaders.map(([label, extra]) => b.request(op, `header ${label}`, {
        headers: { ...b.headers(op), ...extra, ...(op.body && extra['content-type'] === undefined ? { 'content-type': 'application/json' } : {}) },
        segments: spoiled.segments,
        ...(op.mutating ? { body: spoiled.body } : {}),
      })));
    }
    return fc.oneof(...kinds);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

const decodesAsJson = (body: string | Uint8Array) => {
  try {
    // As undici's Request.text() does: UTF-8 with every leading byte-order mark dropped.
    JSON.parse((typeof body === 'string' ? body : new TextDecoder().decode(body)).replace(/^\uFEFF+/, ''));
    return true;
  } catch {
    return false;
  }
};

const MALFORMED = ["{'url': 'x'}", '{url: "x"}', '{"url":"x",}', 'NaN', 'undefined', '{"url":"x"}garbage', '/*x*/{}', '{"a":1}{"a":2}', '[1,]', '"\\x"', '{"url":"\\ud800"',
  '\uFEFF\uFEFF{}', '{"url":"x"}\u0000', 'nul\u0000l', '{"url": 01}', '{"url": .5}', '{"url": +1}', '{"url": 0x10}', '{"url": Infinity}', '{"url": "a\u0001b"}',
  '{"url":"x"', '{"url"', '{', '}', '[', '"', '\\', ',', 'tru', 'nul', '{"__proto__":}', '{"a":"\\u00"}', '{"a":"\\uZZZZ"}', '\u0000', ' '];

const WRONG_CONTENT_TYPES = ['text/plain', 'text/json', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'multipart/form-data',
  'application/octet-stream', 'application/jsonp', 'application/json-seq', 'application/x-json', 'application/json5', 'application/javascript', 'image/png', '*/*',
  'application/*', 'json', 'application', 'application/', '/json', 'text/html; charset=utf-8', 'application/js\u00f6n', 'application/json, text/plain', 'application/jsonx'];

export function bodyAttack(b: RequestBuilder, ops: Operation[], maxBodyBytes: number): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ops).chain((op) => {
    const valid = b.validBodyText(op) ?? '{}';
    const required: string[] = op.body?.schema?.required ?? [];
    const certainlyRefused = required.length > 0 || op.pathParams.length > 0;
    const firstRequired = required[0] ?? 'x';
    const segments = Object.fromEntries(op.pathParams.map((p) => [p.name, b.ctx.missingId]));
    const send = (attack: string, body: string | Uint8Array, headers = b.headers(op)) => b.request(op, `body ${attack}`, { body, headers, segments });
    // Deep and oversized bodies cost the most time: fewer of them.
    const kinds: fc.WeightedArbitrary<FuzzRequest>[] = [
      { weight: 4, arbitrary: fc.oneof(
        fc.nat().map((i) => valid.slice(0, 1 + (i % Math.max(1, valid.length - 1)))),
        fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', "'", 'x', ' , ', '\u0001', '//')).map(([i, ch]) => {
          const at = i % (valid.length + 1);
          return valid.slice(0, at) + ch + valid.slice(at);
        }),
        fc.constantFrom(...MALFORMED),
        fc.integer({ min: 1_000, max: 100_000 }).map((n) => '['.repeat(n)),
        fc.integer({ min: 1_000, max: 50_000 }).map((n) => '{"a":'.repeat(n)),
        fc.constantFrom([0xff, 0xfe], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0x00]).map((prefix) => new Uint8Array([...prefix, ...Buffer.from(valid)])),
      ).filter((body) => !decodesAsJson(body)).map((body) => send('malformed JSON', body)) },
      { weight: 3, arbitrary: fc.oneof(fc.constantFrom(...WRONG_CONTENT_TYPES), headerValue(1, 60).filter((v) => !/json/i.test(v)), fc.constant(undefined)).map((contentType) => {
        const headers = b.headers(op);
        if (contentType === undefined) delete headers['content-type'];
        else headers['content-type'] = contentType;
        return send(`wrong content type ${contentType === undefined ? '(none)' : ''}`.trim(), valid, headers);
      }) },
      { weight: 1, arbitrary: fc.oneof(
        fc.integer({ min: 1_000, max: 50_000 }).map((n) => `{${JSON.stringify(firstRequired)}:${'['.repeat(n)}${']'.repeat(n)}}`),
        fc.integer({ min: 1_000, max: 30_000 }).map((n) => `{${JSON.stringify(firstRequired)}:${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
        fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      ).map((body) => send('deep nesting', body)) },
      { weight: 1, arbitrary: fc.integer({ min: maxBodyBytes + 1, max: maxBodyBytes + 200_000 }).map((n) => {
        const padded = `${valid.slice(0, -1)}${valid.length > 2 ? ',' : ''}"pad":"${'x'.repeat(n)}"}`;
        return send('over the size limit', padded);
      }) },
    ];
    if (certainlyRefused) {
      kinds.push(
        { weight: 3, arbitrary: fc.oneof(
          fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
          fc.dictionary(fc.oneof(anyString(10), fc.constantFrom('__proto__', 'constructor')), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
            .filter((o) => required.length === 0 || !required.every((k) => Object.hasOwn(o, k))),
        ).map((value) => send('random JSON without the required fields', toJsonText(value))) },
        { weight: 1, arbitrary: fc.constantFrom('', '{}', '[]', 'null', '""', '0', 'false').map((body) => send('empty', body)) },
      );
    }
    return fc.oneof(...kinds);
  });
}

/** A valid body broken in exactly one place (see body-mutations.ts). */
export function mutationAttack(b: RequestBuilder, ops: Operation[], weightOf: (op: Operation) => number): fc.Arbitrary<FuzzRequest> {
  const entries = ops.flatMap((op) => {
    const mutations = b.mutations(op);
    return mutations.length === 0 ? [] : [{ weight: weightOf(op), arbitrary: fc.constantFrom(...mutations).chain((m) => m.body.map((body) => ({
      ...b.request(op, `mutation ${m.label}`, { body, segments: Object.fromEntries(op.pathParams.map((p) => [p.name, b.ctx.missingId])) }),
      ...(b.ctx.verifiedBodies.has(op.key) ? { brokenAt: m.path.join('.') } : {}),
    }))) }];
  });
  return fc.oneof(...entries);
}

/** Dangerous URLs in every URL field of every body. */
export function urlAttack(b: RequestBuilder, ops: Operation[]): fc.Arbitrary<FuzzRequest> {
  const mutations = ops.flatMap((op) => b.urlMutations(op).map((m) => ({ op, m })));
  return fc.constantFrom(...mutations).chain(({ op, m }) => m.body.map((body) => ({
    ...b.request(op, `ssrf ${m.label}`, { body, segments: Object.fromEntries(op.pathParams.map((p) => [p.name, b.ctx.missingId])) }),
    ...(b.ctx.verifiedBodies.has(op.key) ? { brokenAt: m.path.join('.') } : {}),
  })));
}

/** Methods a path does not have (some custom); ids of existing rows, since no route should answer at all. */
export function methodAttack(b: RequestBuilder, allowCustom: boolean): fc.Arbitrary<FuzzRequest> {
  const candidates = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', ...(allowCustom ? ['PROPFIND', 'FOO', 'get', 'Post'] : [])];
  const pairs: { op: Operation; method: string }[] = [];
  for (const [path, methods] of b.ctx.api.paths) {
    const sample = b.ctx.api.operations.find((o) => o.path === path)!;
    for (const method of candidates) if (!methods.has(method.toUpperCase())) pairs.push({ op: { ...sample, mutating: false }, method });
  }
  return fc.tuple(fc.constantFrom(...pairs), fc.oneof(fc.constant(undefined), nastyString, nonBlankString(40))).map(([{ op, method }, body]) => {
    const bodyText = body === undefined ? b.validBodyText(op) ?? '{}' : JSON.stringify({ x: body });
    return b.request(op, `method ${method.toUpperCase()} on a path without it`, { method, body: method.toUpperCase() === 'GET' ? undefined : bodyText, headers: b.headers(op, { 'content-type': 'application/json' }) });
  });
}
