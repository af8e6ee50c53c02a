import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, generateApiKey } from '../../api/auth/keys';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { appWith, capturingLogger, client } from './helpers';

let pipeline: Pipeline;
let readKey: string;
let otherKey: string;
beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-auth-http', database: 'pglite' });
  readKey = (await createApiKey(pipeline.database.db, { name: 'reader', scopes: ['read'] })).key;
  otherKey = (await createApiKey(pipeline.database.db, { name: 'other', scopes: ['read'] })).key;
});
afterAll(() => pipeline?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe('rate limits', () => {
  it('per key: the burst passes with RateLimit-* headers, then 429 with Retry-After; other keys are unaffected', async () => {
    const app = appWith(pipeline, { rateLimit: { perMinute: 60, burst: 3 } });
    const api = client(app, readKey);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await api.raw('/v1/scrapes');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      remaining.push(response.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await api.raw('/v1/scrapes');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/application\/json/);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect((await client(app, otherKey).raw('/v1/scrapes')).status).toBe(200);
  });

  it('per client address without a key: guessing keys and probing are limited too', async () => {
    const app = appWith(pipeline, { rateLimit: { perMinute: 60, burst: 2 } });
    const guess = client(app, generateApiKey());
    expect((await guess.raw('/v1/scrapes', {}, from('198.51.100.7'))).status).toBe(401);
    const second = await guess.raw('/v1/scrapes', {}, from('198.51.100.7'));
    expect(second.status).toBe(401);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    expect((await guess.raw('/v1/scrapes', {}, from('198.51.100.7'))).status).toBe(429);
    expect((await client(app).raw('/v1/healthz', {}, from('198.51.100.7'))).status).toBe(429);
    expect((await guess.raw('/v1/scrapes', {}, from('198.51.100.8'))).status).toBe(401);
    expect((await client(app).raw('/v1/healthz', {}, from('198.51.100.9'))).status).toBe(200);
  });

  it('in open mode, per client address', async () => {
    // A database of its own with no key, so this app is open.
    const { openDatabase } = await import('../../db/client');
    const empty = await openDatabase({ dataDir: 'memory://' });
    await empty.migrate();
    try {
      const app = appWith(pipeline, { rateLimit: { perMinute: 60, burst: 2 } }, { db: empty.db });
      const api = client(app);
      expect((await api.raw('/v1/scrapes', {}, from('127.0.0.1'))).status).toBe(200);
      expect((await api.raw('/v1/scrapes', {}, from('127.0.0.1'))).status).toBe(200);
      expect((await api.raw('/v1/scrapes', {}, from('127.0.0.1'))).status).toBe(429);
      expect((await api.raw('/v1/scrapes', {}, from('::1'))).status).toBe(200);
    } finally {
      await empty.close();
    }
  });

  it('TRAWL_RATE_LIMIT_PER_MINUTE=0 turns it off', async () => {
    const app = appWith(pipeline, { rateLimit: { perMinute: 0, burst: 1 } });
    for (let i = 0; i < 5; i++) {
      const response = await client(app, readKey).raw('/v1/scrapes');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

describe('request ids and access logs', () => {
  it('X-Request-ID is echoed when acceptable, generated otherwise, on every answer', async () => {
    const api = client(pipeline.app, readKey);
    expect((await api.raw('/v1/scrapes', { headers: { 'x-request-id': 'req-123_abc.DEF' } })).headers.get('x-request-id')).toBe('req-123_abc.DEF');
    expect((await api.raw('/v1/scrapes')).headers.get('x-request-id')).toMatch(UUID);
    for (const bad of ['x'.repeat(129), 'has space', 'semi;colon', 'quote"d', '../../etc']) {
      const echoed = (await api.raw('/v1/scrapes', { headers: { 'x-request-id': bad } })).headers.get('x-request-id');
      expect(echoed, bad).toMatch(UUID);
    }
    expect((await api.raw('/v1/scrapes', { headers: { 'x-request-id': 'x'.repeat(128) } })).headers.get('x-request-id')).toBe('x'.repeat(128));
    // also on errors, whose body keeps the usual shape
    const unauthorized = await client(pipeline.app).raw('/v1/scrapes', { headers: { 'x-request-id': 'denied-1' } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-request-id')).toBe('denied-1');
    expect(Object.keys((await unauthorized.json()).error).sort()).toEqual(['code', 'message']);
    expect((await api.raw('/v1/scrapes/nope')).headers.get('x-request-id')).toMatch(UUID);
    expect((await api.raw('/v1/healthz')).headers.get('x-request-id')).toMatch(UUID);
  });

  it('one JSON line per request with id, tenant, method, route, status and duration; never the Authorization header', async () => {
    const adminKey = generateApiKey();
    const capture = capturingLogger();
    const app = appWith(pipeline, { adminKey }, { logger: capture.logger });
    const badKey = generateApiKey();
    await client(app, readKey).raw('/v1/scrapes/nope', { headers: { 'x-request-id': 'log-1' } });
    await client(app, readKey).raw('/v1/scrapes?limit=5', { headers: { 'x-request-id': 'log-2' } });
    await client(app, badKey).raw('/v1/scrapes', { headers: { 'x-request-id': 'log-3' } });
    await client(app, adminKey).raw('/v1/keys', { headers: { 'x-request-id': 'log-4' } });
    await client(app, readKey).raw('/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'x', scopes: ['read'] }), headers: { 'x-request-id': 'log-5', 'content-type': 'application/json' } });
    const created = await client(app, adminKey).post('/v1/keys', { name: 'logged', scopes: ['read'] });

    const lines = capture.lines().filter((line) => line.msg === 'request');
    const byId = Object.fromEntries(lines.map((line) => [line.requestId, line]));
    expect(byId['log-1']).toMatchObject({ tenantId: 'default', method: 'GET', route: '/v1/scrapes/:id', path: '/v1/scrapes/nope', status: 404, auth: 'key' });
    expect(byId['log-1'].durationMs).toEqual(expect.any(Number));
    expect(byId['log-1'].keyId).toEqual(expect.any(String));
    expect(byId['log-2']).toMatchObject({ route: '/v1/scrapes', status: 200 });
    expect(byId['log-3']).toMatchObject({ status: 401, tenantId: null, keyId: null, route: '/v1/scrapes' });
    expect(byId['log-4']).toMatchObject({ status: 200, auth: 'admin-key', tenantId: 'default', route: '/v1/keys' });
    expect(byId['log-5']).toMatchObject({ status: 403, method: 'POST' });
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const unknown = capturingLogger();
    await client(appWith(pipeline, {}, { logger: unknown.logger }), readKey).raw('/v1/no/such/route');
    expect(unknown.lines()[0]).toMatchObject({ status: 404, route: null, path: '/v1/no/such/route' });

    const text = capture.text();
    for (const secret of [readKey, badKey, adminKey, created.body.key]) expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain('bearer');
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});

describe('CORS', () => {
  const app = () => appWith(pipeline, { corsOrigins: ['https://app.example', 'http://localhost:5173/'] });
  const preflight = (origin: string) => app().request('/v1/scrapes', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

  it('an allowed origin gets its preflight answered (no key needed) and CORS headers on answers', async () => {
    for (const origin of ['https://app.example', 'http://localhost:5173']) {
      const response = await preflight(origin);
      expect(response.status, origin).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    }
    const answer = await client(app(), readKey).raw('/v1/scrapes', { headers: { origin: 'https://app.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(answer.headers.get('access-control-expose-headers')).toContain('X-Request-ID');
    expect(answer.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(answer.headers.get('vary')).toMatch(/origin/i);
  });

  it('any other origin gets no CORS header at all', async () => {
    const response = await preflight('https://evil.example');
    expect(response.status).toBe(204);
    expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    const answer = await client(app(), readKey).raw('/v1/scrapes', { headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(200);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    // and without TRAWL_CORS_ORIGINS nobody is allowed
    const none = await pipeline.app.request('/v1/scrapes', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect([...none.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });
});

describe('compression and security headers', () => {
  it('compresses when asked (gzip), not otherwise', async () => {
    const gz = await pipeline.app.request('/v1/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('vary')).toMatch(/accept-encoding/i);
    const document = JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'));
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/keys', '/v1/keys/{id}']));
    const plain = await pipeline.app.request('/v1/openapi.json');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.json()).openapi).toBe('3.1.0');
    const listed = await client(pipeline.app, readKey).raw('/v1/scrapes', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(listed.status).toBe(200);
  });

  it('secure headers on the API; /docs keeps working with its own CSP', async () => {
    const api = await pipeline.app.request('/v1/healthz');
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    const docs = await pipeline.app.request('/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('https://cdn.jsdelivr.net/npm/swagger-ui-dist');
    expect(html).toContain("url: '/v1/openapi.json'");
    const csp = docs.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src [^;]*https:\/\/cdn\.jsdelivr\.net/);
    expect(csp).toMatch(/style-src [^;]*https:\/\/cdn\.jsdelivr\.net/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
