import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../api/auth/keys';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startPipeline, waitFor, type Pipeline } from '../support/pipeline';
import { client } from './helpers';

let pipeline: Pipeline;
let site: FixtureSite;
let a: ReturnType<typeof client>;
let b: ReturnType<typeof client>;
let bAdmin: ReturnType<typeof client>;

beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-auth-isolation', database: 'pglite' });
  site = await startFixtureSite({ pages: 3 });
  const db = pipeline.database.db;
  a = client(pipeline.app, (await createApiKey(db, { name: 'a', tenantId: 'tenant-a', scopes: ['write'] })).key);
  b = client(pipeline.app, (await createApiKey(db, { name: 'b', tenantId: 'tenant-b', scopes: ['write'] })).key);
  // admin is about keys, not about other tenants' data: an admin of tenant-b sees only tenant-b's scrapes
  bAdmin = client(pipeline.app, (await createApiKey(db, { name: 'b admin', tenantId: 'tenant-b', scopes: ['admin'] })).key);
});
afterAll(async () => {
  await pipeline?.close();
  await site?.close();
});

const expectNotFound = (answer: { status: number; body: any }, what: string) => {
  expect(answer.status, what).toBe(404);
  expect(answer.body.error.code, what).toBe('not_found');
};

describe("another tenant's ids answer 404", () => {
  it('scrapes: get, pages, summary, cancel, list', async () => {
    const started = await a.post('/v1/scrapes', { url: site.url('/p/1') });
    expect(started.status).toBe(202);
    const { id } = started.body;
    const done = await waitFor(async () => {
      const { body } = await a.get(`/v1/scrapes/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    }, { what: `scrape ${id} to finish` });
    expect(done.status).toBe('completed');

    // tenant A sees everything
    expect((await a.get(`/v1/scrapes/${id}/pages`)).body.data).toHaveLength(1);
    expect((await a.get(`/v1/scrapes/${id}/summary`)).status).toBe(200);
    expect((await a.get('/v1/scrapes')).body.data.map((s: { id: string }) => s.id)).toContain(id);

    for (const other of [b, bAdmin]) {
      expectNotFound(await other.get(`/v1/scrapes/${id}`), 'get');
      expectNotFound(await other.get(`/v1/scrapes/${id}/pages`), 'pages');
      expectNotFound(await other.get(`/v1/scrapes/${id}/summary`), 'summary'); // not summary_not_ready: nothing leaks
      expectNotFound(await other.post(`/v1/scrapes/${id}/cancel`), 'cancel');
      expect((await other.get('/v1/scrapes')).body.data).toEqual([]);
      expect((await other.get(`/v1/scrapes?url=${encodeURIComponent(site.url('/p/1'))}`)).body.data).toEqual([]);
    }
    // Concurrent lookups are answered by one batched query: each request still gets only its own tenant's row.
    const together = await Promise.all([a, b, a, bAdmin, a].map((who) => who.get(`/v1/scrapes/${id}`)));
    expect(together.map((answer) => answer.status)).toEqual([200, 404, 200, 404, 200]);
    expect(together[0].body.id).toBe(id);
    const mixed = await Promise.all([a.get(`/v1/scrapes/${id}`), a.get('/v1/scrapes/not-a-uuid'), a.get(`/v1/scrapes/${id}`)]);
    expect(mixed.map((answer) => answer.status)).toEqual([200, 404, 200]);

    // A can still cancel-check its own (already ended: 409, not 404)
    expect((await a.post(`/v1/scrapes/${id}/cancel`)).status).toBe(409);
  });

  it('a running scrape cannot be cancelled by another tenant', async () => {
    const started = await a.post('/v1/scrapes', { url: site.url('/'), maxPages: 3, maxDepth: 1 });
    expect(started.status).toBe(202);
    expectNotFound(await b.post(`/v1/scrapes/${started.body.id}/cancel`), 'cancel while live');
    const finished = await waitFor(async () => {
      const { body } = await a.get(`/v1/scrapes/${started.body.id}`);
      return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    }, { what: 'the second scrape to finish' });
    expect(finished.status).not.toBe('cancelled');
  });

  it('idempotency keys are per tenant', async () => {
    const key = { 'idempotency-key': 'same-key' };
    const first = await a.post('/v1/scrapes', { url: site.url('/p/2') }, key);
    expect(first.status).toBe(202);
    const other = await b.post('/v1/scrapes', { url: site.url('/p/2') }, key);
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(first.body.id);
    for (const id of [first.body.id, other.body.id]) {
      await waitFor(async () => ['completed', 'failed', 'cancelled'].includes((await a.get(`/v1/scrapes/${id}`)).body.status) || ['completed', 'failed', 'cancelled'].includes((await b.get(`/v1/scrapes/${id}`)).body.status), { what: `scrape ${id}` });
    }
  });

  it('webhooks: get, delete, list', async () => {
    const created = await a.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
    expect(created.status).toBe(201);
    const { id } = created.body;
    for (const other of [b, bAdmin]) {
      expectNotFound(await other.get(`/v1/webhooks/${id}`), 'get webhook');
      expectNotFound(await other.del(`/v1/webhooks/${id}`), 'delete webhook');
      expect((await other.get('/v1/webhooks')).body.data).toEqual([]);
    }
    expect((await a.get(`/v1/webhooks/${id}`)).status).toBe(200);
    expect((await a.get('/v1/webhooks')).body.data.map((w: { id: string }) => w.id)).toEqual([id]);
    expect((await a.del(`/v1/webhooks/${id}`)).status).toBe(204);
  });
});
