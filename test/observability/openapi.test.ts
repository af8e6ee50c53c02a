import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../support/pipeline';

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-observability-openapi', database: 'pglite' });
});
afterAll(() => pipeline?.close());

/** Served outside the document on purpose: the UI, Prometheus' endpoint, and the document itself. */
const UNDOCUMENTED = new Set(['/docs', '/metrics', '/v1/openapi.json']);

async function openapiDocument() {
  const response = await pipeline.app.request('/v1/openapi.json');
  expect(response.status).toBe(200);
  return response.json() as Promise<{ openapi: string; paths: Record<string, Record<string, unknown>> }>;
}

/** Every (method, path) the Hono app routes to a handler, in OpenAPI's notation (`/v1/scrapes/{id}`). */
function servedRoutes(): string[] {
  const routes = pipeline.app.routes
    .filter((route) => route.method !== 'ALL') // app.use middleware
    .filter((route) => !UNDOCUMENTED.has(route.path))
    .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await openapiDocument();
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('documents every route the app serves, with the same method, and nothing it does not serve', async () => {
    const doc = await openapiDocument();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((key) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(key)).map((method) => `${method} ${path}`))
      .sort();
    const served = servedRoutes();
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(served).toContain('get /v1/scrapes/{id}');
    expect(served).toContain('get /v1/readyz');
    expect(documented).toEqual(served);
  });

  it('keeps /docs, /metrics and the document itself served but undocumented', async () => {
    const doc = await openapiDocument();
    for (const path of UNDOCUMENTED) expect(Object.keys(doc.paths)).not.toContain(path);
    const routes = pipeline.app.routes.filter((route) => route.method === 'GET').map((route) => route.path);
    expect(routes).toEqual(expect.arrayContaining([...UNDOCUMENTED]));
  });

  it('serves the interactive docs as HTML pointing at the document', async () => {
    const response = await pipeline.app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<html/i);
    expect(html).toContain('/v1/openapi.json');
  });
});
