import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, generateApiKey, hashApiKey } from '../../api/auth/keys';
import { openDatabase } from '../../db/client';
import { apiKeys } from '../../db/schema-auth';
import { keysCommand } from '../../cli/commands/keys';
import type { CliIo } from '../../cli/io';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { appWith, client } from './helpers';

let pipeline: Pipeline;
beforeAll(async () => {
  // Its own empty PGlite database: open mode depends on there being no key at all.
  pipeline = await startPipeline({ taskQueue: 'test-auth-access', database: 'pglite' });
});
afterAll(() => pipeline?.close());

const expectUnauthorized = (answer: { status: number; body: any }, what = '') => {
  expect(answer.status, what).toBe(401);
  expect(answer.body.error.code, what).toBe('unauthorized');
  expect(typeof answer.body.error.message, what).toBe('string');
};

/** Runs the CLI module with captured output. */
async function cli(argv: string[], options: Parameters<typeof keysCommand>[2] = {}, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => { out += chunk; });
  stderr.on('data', (chunk) => { err += chunk; });
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env };
  const code = await keysCommand(argv, io, options);
  return { code, stdout: out, stderr: err };
}

// The tests of this file run in order: open mode first, while the database has no key.
describe('open mode (no key, no TRAWL_ADMIN_KEY)', () => {
  it('on loopback the API answers without a key, as tenant default with every scope', async () => {
    const api = client(pipeline.app); // HOST defaults to 127.0.0.1
    expect((await api.get('/v1/scrapes')).status).toBe(200);
    expect((await api.get('/v1/keys')).status).toBe(200);
    const hook = await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(hook.status).toBe(201);
    expect((await api.del(`/v1/webhooks/${hook.body.id}`)).status).toBe(204);
    for (const host of ['::1', 'localhost']) expect((await client(appWith(pipeline, { host })).get('/v1/scrapes')).status, host).toBe(200);
  });

  it('bound to 0.0.0.0 (or any non-loopback address) every /v1 route but the public ones needs a key', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const api = client(appWith(pipeline, { host }));
      const refused = await api.get('/v1/scrapes');
      expectUnauthorized(refused, host);
      const raw = await api.raw('/v1/scrapes');
      expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expectUnauthorized(await api.post('/v1/scrapes', { url: 'http://127.0.0.1:9/' }), host);
      expectUnauthorized(await api.get('/v1/keys'), host);
      expectUnauthorized(await api.get('/v1/nothing-here'), host);
      expect((await api.get('/v1/healthz')).status).toBe(200);
      expect((await api.get('/v1/openapi.json')).status).toBe(200);
      expect([200, 503]).toContain((await api.get('/v1/readyz')).status);
    }
  });

  it('TRAWL_ADMIN_KEY alone ends open mode: admin for tenant default, nothing without it', async () => {
    const adminKey = generateApiKey();
    const api = appWith(pipeline, { host: '127.0.0.1', adminKey });
    expectUnauthorized(await client(api).get('/v1/scrapes'));
    expectUnauthorized(await client(api, generateApiKey()).get('/v1/scrapes'));
    expectUnauthorized(await client(api, `${adminKey}x`).get('/v1/scrapes'));
    expect((await client(api, adminKey).get('/v1/scrapes')).status).toBe(200);
    expect((await client(api, adminKey).get('/v1/keys')).body).toEqual({ data: [], nextCursor: null });
  });
});

describe('API keys', () => {
  let adminKey: string;

  it('the first key can be created through the open API; from then on keys are required, even on loopback', async () => {
    const created = await client(pipeline.app).post('/v1/keys', { name: 'first admin', scopes: ['admin'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'first admin', tenantId: 'default', scopes: ['admin'], revokedAt: null, lastUsedAt: null });
    expect(created.body.key).toMatch(/^trawl_[A-Za-z0-9_-]{43}$/);
    expect(created.body.prefix).toBe(created.body.key.slice(0, 14));
    adminKey = created.body.key;
    expectUnauthorized(await client(pipeline.app).get('/v1/scrapes'));
    expect((await client(pipeline.app, adminKey).get('/v1/scrapes')).status).toBe(200);
  });

  it('401 for a missing, malformed, unknown or mistyped key; always JSON with WWW-Authenticate', async () => {
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['Basic scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
      ['bare key', { authorization: adminKey }],
      ['Bearer without a token', { authorization: 'Bearer ' }],
      ['not a trawl key', { authorization: 'Bearer sk-123456789012345678901234567890' }],
      ['unknown trawl key', { authorization: `Bearer ${generateApiKey()}` }],
      ['truncated key', { authorization: `Bearer ${adminKey.slice(0, -1)}` }],
    ];
    for (const [what, headers] of cases) {
      const response = await pipeline.app.request('/v1/scrapes', { headers });
      expect(response.status, what).toBe(401);
      expect(response.headers.get('content-type'), what).toMatch(/application\/json/);
      expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer realm="trawl"/);
      const body = await response.json();
      expect(body.error.code, what).toBe('unauthorized');
      expect(JSON.stringify(body), what).not.toContain(adminKey);
    }
    // the scheme is case-insensitive
    expect((await pipeline.app.request('/v1/scrapes', { headers: { authorization: `bearer ${adminKey}` } })).status).toBe(200);
  });

  it('403 for a missing scope: read cannot write, write cannot manage keys; write implies read', async () => {
    const admin = client(pipeline.app, adminKey);
    const reader = (await admin.post('/v1/keys', { name: 'reader', scopes: ['read'] })).body.key;
    const writer = (await admin.post('/v1/keys', { name: 'writer', scopes: ['write'] })).body.key;
    const forbidden = async (answer: Promise<{ status: number; body: any }>, what: string) => {
      const { status, body } = await answer;
      expect(status, what).toBe(403);
      expect(body.error.code, what).toBe('forbidden');
    };
    await forbidden(client(pipeline.app, reader).post('/v1/scrapes', { url: 'http://127.0.0.1:9/' }), 'reader POST');
    await forbidden(client(pipeline.app, reader).post('/v1/webhooks', { url: 'http://127.0.0.1:9/h' }), 'reader POST webhook');
    await forbidden(client(pipeline.app, reader).del('/v1/webhooks/whatever'), 'reader DELETE');
    await forbidden(client(pipeline.app, reader).get('/v1/keys'), 'reader keys');
    await forbidden(client(pipeline.app, writer).get('/v1/keys'), 'writer keys');
    await forbidden(client(pipeline.app, writer).post('/v1/keys', { name: 'x', scopes: ['admin'] }), 'writer creating an admin');
    const scopeChallenge = await client(pipeline.app, reader).raw('/v1/webhooks', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(scopeChallenge.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
    expect((await client(pipeline.app, reader).get('/v1/scrapes')).status).toBe(200);
    expect((await client(pipeline.app, writer).get('/v1/scrapes')).status).toBe(200);
    const hook = await client(pipeline.app, writer).post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(hook.status).toBe(201);
    // still validated like before: the scope check does not hide a bad request
    expect((await client(pipeline.app, writer).post('/v1/scrapes', { url: 'file:///etc/passwd' })).status).toBe(400);
  });

  it('path tricks neither reach /v1/keys without admin nor make a route public', async () => {
    const admin = client(pipeline.app, adminKey);
    const reader = (await admin.post('/v1/keys', { name: 'path tricks', scopes: ['read'] })).body.key;
    for (const path of ['/v1/keys', '/v1/keys/', '/v1/%6beys', '/v1/%6Beys', '/v1/./keys', '/v1/healthz/../keys', '/v1//keys', '/V1/keys', '/v1/KEYS', '/v1/keys%2F', '/v1/keys?x=1']) {
      const { status } = await client(pipeline.app, reader).get(path);
      expect([403, 404], path).toContain(status);
    }
    for (const path of ['/v1/healthz/../scrapes', '/v1/openapi.json/../scrapes', '/v1/readyz/x', '/v1/healthz%2F..%2Fscrapes']) {
      expect([401], path).toContain((await client(pipeline.app).get(path)).status);
    }
  });

  it('create validates its body; list shows no secret; the database holds only hashes', async () => {
    const admin = client(pipeline.app, adminKey);
    for (const body of [{}, { name: 'x' }, { name: 'x', scopes: [] }, { name: 'x', scopes: ['root'] }, { name: '', scopes: ['read'] },
      { name: 'x', scopes: ['read'], tenantId: 'no spaces please' }, { name: 'x', scopes: ['read'], hash: 'abc' }]) {
      const { status, body: answer } = await admin.post('/v1/keys', body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe('invalid_request');
    }
    const created = await admin.post('/v1/keys', { name: 'acme ci', tenantId: 'acme', scopes: ['write', 'read'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tenantId: 'acme', scopes: ['read', 'write'] });

    const listed = await admin.get('/v1/keys');
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((key: { id: string }) => key.id === created.body.id);
    expect(entry).toEqual({
      id: created.body.id, tenantId: 'acme', name: 'acme ci', prefix: created.body.prefix, scopes: ['read', 'write'],
      createdAt: created.body.createdAt, lastUsedAt: null, revokedAt: null,
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(JSON.stringify(listed.body)).not.toContain(hashApiKey(created.body.key));
    expect((await admin.get('/v1/keys?tenantId=acme')).body.data.map((key: { id: string }) => key.id)).toEqual([created.body.id]);
    const paged = await admin.get('/v1/keys?limit=1');
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));

    const rows = await pipeline.database.db.select().from(apiKeys);
    const row = rows.find((r) => r.id === created.body.id)!;
    expect(row.hash).toBe(hashApiKey(created.body.key));
    expect(row.prefix).toBe(created.body.key.slice(0, 14));
    for (const r of rows) expect(JSON.stringify(r)).not.toMatch(/trawl_[A-Za-z0-9_-]{43}/);
    expect(JSON.stringify(rows)).not.toContain(created.body.key);
    expect(JSON.stringify(rows)).not.toContain(adminKey);

    // the key works for its tenant and records its use
    expect((await client(pipeline.app, created.body.key).get('/v1/scrapes')).status).toBe(200);
    await expect.poll(async () => (await admin.get('/v1/keys?tenantId=acme')).body.data[0].lastUsedAt).not.toBeNull();
  });

  it('a revoked key fails at once; revoking is idempotent; unknown ids are 404', async () => {
    const admin = client(pipeline.app, adminKey);
    const { body: created } = await admin.post('/v1/keys', { name: 'short-lived', scopes: ['read'] });
    expect((await client(pipeline.app, created.key).get('/v1/scrapes')).status).toBe(200);
    const revoked = await admin.del(`/v1/keys/${created.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
    expectUnauthorized(await client(pipeline.app, created.key).get('/v1/scrapes'));
    const again = await admin.del(`/v1/keys/${created.id}`);
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await admin.del('/v1/keys/nope')).status).toBe(404);
    expect((await admin.get('/v1/keys')).body.data.find((key: { id: string }) => key.id === created.id).revokedAt).toBe(revoked.body.revokedAt);
  });

  it('revoking every key does not reopen the API', async () => {
    const admin = client(pipeline.app, adminKey);
    const { body: listed } = await admin.get('/v1/keys?limit=100');
    for (const key of listed.data) if (key.id) await admin.del(`/v1/keys/${key.id}`);
    expectUnauthorized(await client(pipeline.app).get('/v1/scrapes'));
    expectUnauthorized(await client(pipeline.app, adminKey).get('/v1/scrapes'));
    // back in through the database, as an operator would with the CLI
    adminKey = (await createApiKey(pipeline.database.db, { name: 'recovered admin', scopes: ['admin'] })).key;
    expect((await client(pipeline.app, adminKey).get('/v1/keys')).status).toBe(200);
  });

  it('the keys CLI module creates, lists and revokes keys in the same database', async () => {
    const database = pipeline.database;
    const created = await cli(['create', '--name', 'from cli', '--tenant', 'cli-tenant', '--scopes', 'read'], { database });
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^trawl_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/shown only now/);
    expect(created.stderr).not.toContain(key);
    const reader = client(pipeline.app, key);
    expect((await reader.get('/v1/scrapes')).status).toBe(200);
    expect((await reader.post('/v1/scrapes', { url: 'http://127.0.0.1:9/' })).status).toBe(403);

    const listed = await cli(['list'], { database });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ID\s+TENANT\s+NAME\s+PREFIX\s+SCOPES/);
    expect(listed.stdout).toContain('from cli');
    expect(listed.stdout).toContain(key.slice(0, 14));
    expect(listed.stdout).not.toContain(key);
    const asJson = JSON.parse((await cli(['list', '--tenant', 'cli-tenant', '--json'], { database })).stdout);
    expect(asJson).toHaveLength(1);
    expect(asJson[0]).toMatchObject({ name: 'from cli', tenantId: 'cli-tenant', scopes: ['read'], revokedAt: null });
    expect(asJson[0]).not.toHaveProperty('hash');

    const revoked = await cli(['revoke', asJson[0].id], { database });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${asJson[0].id}`);
    expectUnauthorized(await reader.get('/v1/scrapes'));

    const viaJson = JSON.parse((await cli(['create', '--name', 'json', '--scopes', 'admin', '--json'], { database })).stdout);
    expect(viaJson).toMatchObject({ name: 'json', tenantId: 'default', scopes: ['admin'], key: expect.stringMatching(/^trawl_/) });
    expect((await client(pipeline.app, viaJson.key).get('/v1/keys')).status).toBe(200);
    const defaults = await cli(['create', '--name', 'defaults'], { database });
    expect((await client(pipeline.app, defaults.stdout.trim()).post('/v1/webhooks', { url: 'http://127.0.0.1:9/h2' })).status).toBe(201);
  });

  it('the keys CLI module reports mistakes with exit codes', async () => {
    const database = pipeline.database;
    expect((await cli([], { database })).code).toBe(2);
    expect((await cli(['--help'], { database }))).toMatchObject({ code: 0, stdout: expect.stringContaining('trawl keys create --name N') });
    expect((await cli(['frobnicate'], { database }))).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown action') });
    expect((await cli(['create'], { database }))).toMatchObject({ code: 2, stderr: expect.stringContaining('--name') });
    expect((await cli(['create', '--name', 'x', '--scopes', 'read,root'], { database }))).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown scope') });
    expect((await cli(['create', '--name', 'x', '--tenant', 'bad tenant'], { database }))).toMatchObject({ code: 2 });
    expect((await cli(['create', '--name', 'x', '--bogus'], { database }))).toMatchObject({ code: 2 });
    expect((await cli(['revoke'], { database }))).toMatchObject({ code: 2 });
    expect((await cli(['revoke', 'no-such-id'], { database }))).toMatchObject({ code: 1, stderr: expect.stringContaining('no key') });
    const generated = await cli(['generate']);
    expect(generated.code).toBe(0);
    expect(generated.stdout.trim()).toMatch(/^trawl_[A-Za-z0-9_-]{43}$/);
  });

  it('the keys CLI opens the PGlite database of TRAWL_DATA_DIR itself (migrating it), so the first key needs no server', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'trawl-keys-cli-'));
    try {
      const env = { TRAWL_DATA_DIR: dataDir };
      const created = await cli(['create', '--name', 'bootstrap', '--scopes', 'admin'], {}, env);
      expect(created.code, created.stderr).toBe(0);
      const key = created.stdout.trim();
      const listed = await cli(['list', '--json'], {}, env);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'bootstrap', scopes: ['admin'] }]);
      const database = await openDatabase({ dataDir });
      try {
        const rows = await database.db.select().from(apiKeys);
        expect(rows).toHaveLength(1);
        expect(rows[0].hash).toBe(hashApiKey(key));
        expect(JSON.stringify(rows)).not.toContain(key);
      } finally {
        await database.close();
      }
      const badEnv = await cli(['list'], {}, { TRAWL_DATA_DIR: dataDir, TRAWL_ADMIN_KEY: 'nope' });
      expect(badEnv.code).toBe(1);
      expect(badEnv.stderr).toContain('TRAWL_ADMIN_KEY');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
