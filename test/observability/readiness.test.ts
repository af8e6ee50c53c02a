import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { readinessChecksFor } from '../../api/health/health.index';
import { json, startPipeline, type Pipeline } from '../support/pipeline';

const KEY = 'sk-test-readiness-0123456789';

/** An OpenAI-compatible `GET /v1/models` that checks the key, or hangs when told to. */
async function startModelServer() {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const hanging = new Set<ServerResponse>();
  let hang = false;
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (hang) return void hanging.add(res);
    if (req.url !== '/v1/models') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${KEY}`) {
      return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}` } }));
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    hang(value: boolean) {
      hang = value;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let pipeline: Pipeline;
let models: Awaited<ReturnType<typeof startModelServer>>;
beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-observability-readiness', database: 'pglite' });
  models = await startModelServer();
});
afterAll(async () => {
  await pipeline?.close();
  await models?.close();
});

/** The app as api/main.ts and npm start build it: readiness checks from the configuration. */
const readyz = (config: { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string }) =>
  json(createApp({ ...pipeline.apiDeps, readinessChecks: readinessChecksFor(config) }).request('/v1/readyz'));

describe('GET /v1/readyz', () => {
  it('checks only the database and Temporal without OPENAI_API_KEY', async () => {
    const { status, body } = await readyz({});
    expect(status).toBe(200);
    expect(Object.keys(body.checks).sort()).toEqual(['database', 'temporal']);
    for (const check of Object.values<any>(body.checks)) expect(check).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
    expect(models.seen).toHaveLength(0);
  });

  it('adds the summarizer: an authenticated GET {OPENAI_BASE_URL}/models, with its latency', async () => {
    const { status, body } = await readyz({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: models.baseURL });
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.checks.summarizer).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
    expect(models.seen.at(-1)).toMatchObject({ path: '/v1/models', headers: { authorization: `Bearer ${KEY}` } });
  });

  it('is 503 when the model server refuses the key, without showing the key', async () => {
    const { status, body, raw } = await readyz({ OPENAI_API_KEY: 'sk-wrong-key-abcdef', OPENAI_BASE_URL: `${models.baseURL}/` })
      .then((result) => ({ ...result, raw: JSON.stringify(result.body) }));
    expect(status).toBe(503);
    expect(body.status).toBe('failing');
    expect(body.checks.summarizer).toMatchObject({ status: 'failing', latencyMs: expect.any(Number), error: expect.stringContaining('401') });
    expect(body.checks.database.status).toBe('ok');
    expect(raw).not.toContain('sk-wrong-key');
  });

  it('fails the summarizer check within its timeout when the model server hangs', async () => {
    models.hang(true);
    try {
      const started = Date.now();
      const { status, body } = await readyz({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: models.baseURL });
      expect(status).toBe(503);
      expect(body.checks.summarizer.status).toBe('failing');
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      models.hang(false);
    }
  });

  it('documents the summarizer check in the OpenAPI document', async () => {
    const { body } = await json(pipeline.app.request('/v1/openapi.json'));
    expect(body.paths['/v1/readyz'].get.summary).toMatch(/summarizer/);
  });
});
