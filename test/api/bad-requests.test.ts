import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../../api/app';
import { scrapes } from '../../db/schema';
import { json, startPipeline, type Pipeline } from '../support/pipeline';

let pipeline: Pipeline;
beforeAll(async () => {
  // Its own PGlite database, so counting rows sees only this file's requests (and the embedded default is exercised).
  pipeline = await startPipeline({ taskQueue: 'test-bad-requests', database: 'pglite' });
});
afterAll(() => pipeline?.close());

const scrapeCount = async () => (await pipeline.database.db.select({ n: sql<number>`count(*)::int` }).from(scrapes))[0].n;
const workflowCount = async () => (await pipeline.client.workflow.count(`TaskQueue = "${pipeline.taskQueue}"`)).count;

const valid = { url: 'http://127.0.0.1:9/' };
const badBodies: [string, unknown, string][] = [
  ['missing url', {}, 'url'],
  ['url of the wrong type', { url: 42 }, 'url'],
  ['file: URL', { url: 'file:///etc/passwd' }, 'url'],
  ['javascript: URL', { url: 'javascript:alert(1)' }, 'url'],
  ['metadata address', { url: 'http://169.254.169.254/latest/meta-data/' }, 'url'],
  ['metadata address in decimal', { url: 'http://2852039166/' }, 'url'],
  ['private address', { url: 'http://10.0.0.1/' }, 'url'],
  ['IPv6 loopback', { url: 'http://[::1]/' }, 'url'],
  ['localhost name', { url: 'http://localhost/' }, 'url'],
  ['not a URL', { url: 'not a url' }, 'url'],
  ['maxPages too large', { ...valid, maxPages: 1001 }, 'maxPages'],
  ['maxPages zero', { ...valid, maxPages: 0 }, 'maxPages'],
  ['maxDepth too deep', { ...valid, maxDepth: 6 }, 'maxDepth'],
  ['fractional maxPages', { ...valid, maxPages: 1.5 }, 'maxPages'],
  ['unknown field', { ...valid, colour: 'red' }, ''],
  ['bad rule type', { ...valid, rules: { price: { selector: '.p', type: 'money' } } }, 'rules.price.type'],
  ['invalid selector', { ...valid, rules: { price: { selector: 'div[[' } } }, 'rules.price.selector'],
  ['bad rule name', { ...valid, rules: { 'a b': { selector: '.p' } } }, 'rules.a b'],
  ['invalid JSON Schema', { ...valid, schema: { type: 'wibble' } }, 'schema'],
  ['bad summary length', { ...valid, summarize: { length: 'epic' } }, 'summarize.length'],
  ['private notify URL', { ...valid, notify: [{ url: 'http://192.168.1.1/hook' }] }, 'notify.0.url'],
  ['unknown notify event', { ...valid, notify: [{ url: 'http://127.0.0.1:9/h', events: ['scrape.exploded'] }] }, 'notify.0.events.0'],
  ['array body', [valid], ''],
  ['NUL in a string', { ...valid, rules: { price: { selector: '.p\u0000' } } }, 'body'],
  ['null body', null, ''],
  ['lone surrogate in a string', { ...valid, rules: { price: { selector: '.p\uD800' } } }, 'rules.price.selector'],
  ['lone surrogate in a schema key', { ...valid, schema: { properties: { ['a\uDC00']: { type: 'string' } } } }, 'schema.properties.a\uDC00'],
  ['selector that looks like HTML', { ...valid, rules: { price: { selector: '<b>' } } }, 'rules.price.selector'],
  ['schema nested 40 deep', { ...valid, schema: nested(40) }, 'schema'],
  ['pattern with catastrophic backtracking', { ...valid, schema: { properties: { sku: { type: 'string', pattern: '^(a+)+$' } } } }, 'schema'],
];

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < depth; i++) schema = { properties: { a: schema } };
  return schema;
}

describe('bad requests get a 4xx JSON error and start nothing', () => {
  it.each(badBodies)('%s', async (_name, body, path) => {
    const [scrapesBefore, workflowsBefore] = [await scrapeCount(), await workflowCount()];
    const { status, body: answer } = await json(pipeline.app.request('/v1/scrapes', {
      method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
    }));
    expect(status).toBe(400);
    expect(answer.error.code).toBe('invalid_request');
    expect(typeof answer.error.message).toBe('string');
    if (path) expect(answer.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await scrapeCount()).toBe(scrapesBefore);
    expect(await workflowCount()).toBe(workflowsBefore);
  });

  it('a schema nested 10,000 deep (more than JSON.stringify or Ajv can walk) is a 400, not a crash', async () => {
    const depth = 10_000;
    const body = `{"url":"${valid.url}","schema":${'{"properties":{"a":'.repeat(depth)}{}${'}}'.repeat(depth)}}`;
    const { status, body: answer } = await json(pipeline.app.request('/v1/scrapes', { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    expect(status).toBe(400);
    expect(answer.error.details.map((d: { path: string }) => d.path)).toContain('schema');
  });

  it('a value PostgreSQL refuses (SQLSTATE class 22) that slipped past the checks is a 400, anything else a 500', async () => {
    const app = createApp(pipeline.apiDeps);
    app.get('/v1/test-only/data-exception', async () => {
      await pipeline.database.db.execute(sql`select 'not a number'::int`);
      return new Response('unreachable');
    });
    app.get('/v1/test-only/other-failure', async () => {
      await pipeline.database.db.execute(sql`select * from no_such_table`);
      return new Response('unreachable');
    });
    const refused = await json(app.request('/v1/test-only/data-exception'));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_request');
    const failed = await json(app.request('/v1/test-only/other-failure'));
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toContain('no_such_table');
  });

  it('malformed JSON, a wrong content type and a body over 1 MB', async () => {
    const malformed = await json(pipeline.app.request('/v1/scrapes', { method: 'POST', body: '{"url":', headers: { 'content-type': 'application/json' } }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');
    const text = await json(pipeline.app.request('/v1/scrapes', { method: 'POST', body: 'url=x', headers: { 'content-type': 'text/plain' } }));
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    expect(text.body.error).toBeDefined();
    const huge = await json(pipeline.app.request('/v1/scrapes', {
      method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:9/', pad: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' },
    }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('unknown ids, bad cursors and bad filters', async () => {
    const nul = await json(pipeline.app.request('/v1/scrapes/%00a'));
    expect(nul.status).toBe(400);
    expect((await json(pipeline.app.request('/v1/scrapes?url=a%00b'))).status).toBe(400);
    for (const path of ['/v1/scrapes/nope', '/v1/scrapes/nope/pages', '/v1/scrapes/nope/summary', '/v1/webhooks/nope', '/v1/nothing']) {
      const { status, body } = await json(pipeline.app.request(path));
      expect(status, path).toBe(404);
      expect(body.error.code, path).toBe('not_found');
    }
    expect((await json(pipeline.app.request('/v1/scrapes/nope/cancel', { method: 'POST' }))).status).toBe(404);
    expect((await json(pipeline.app.request('/v1/webhooks/nope', { method: 'DELETE' }))).status).toBe(404);
    for (const query of ['cursor=!!!', 'cursor=eyJhIjoxfQ', 'limit=0', 'limit=abc', 'status=exploded']) {
      const { status, body } = await json(pipeline.app.request(`/v1/scrapes?${query}`));
      expect(status, query).toBe(400);
      expect(body.error.details.length, query).toBeGreaterThan(0);
    }
  });

  it('webhooks: bad URLs refused, secret shown once, never listed', async () => {
    const bad = await json(pipeline.app.request('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: 'http://169.254.169.254/' }), headers: { 'content-type': 'application/json' } }));
    expect(bad.status).toBe(400);
    const created = await json(pipeline.app.request('/v1/webhooks', { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['scrape.completed'] }), headers: { 'content-type': 'application/json' } }));
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await json(pipeline.app.request('/v1/webhooks'));
    expect(listed.body.data.find((w: { id: string }) => w.id === created.body.id)).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const one = await json(pipeline.app.request(`/v1/webhooks/${created.body.id}`));
    expect(JSON.stringify(one.body)).not.toContain(created.body.secret);
    expect((await pipeline.app.request(`/v1/webhooks/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});
