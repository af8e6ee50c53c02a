import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { pingDatabase } from '../../db/client';
import type { ApiDeps, AppEnv } from '../deps';

const checkSchema = z.object({ status: z.enum(['ok', 'failing']), latencyMs: z.number(), error: z.string().optional() });
const readinessSchema = z.object({ status: z.enum(['ok', 'failing']), checks: z.record(z.string(), checkSchema) }).openapi('Readiness');

const healthzRoute = createRoute({
  method: 'get',
  path: '/v1/healthz',
  summary: 'Liveness: the process answers',
  security: [],
  responses: { 200: { content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } }, description: 'Alive' } },
});

const readyzRoute = createRoute({
  method: 'get',
  path: '/v1/readyz',
  summary: 'Readiness: the database, Temporal and (with OPENAI_API_KEY) the summarizer answer',
  security: [],
  responses: {
    200: { content: { 'application/json': { schema: readinessSchema } }, description: 'Every check passed' },
    503: { content: { 'application/json': { schema: readinessSchema } }, description: 'A check failed' },
  },
});

async function timed(check: () => Promise<void>, timeoutMs = 3_000): Promise<z.infer<typeof checkSchema>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); })]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'failing', latencyMs: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * The summarizer's model server answers an authenticated request: a cheap `GET {OPENAI_BASE_URL}/models`, aborted
 * after `timeoutMs`. The key goes only into the Authorization header, never into the error.
 */
export function summarizerReadinessCheck({ apiKey, baseURL, timeoutMs = 2_500 }: { apiKey: string; baseURL?: string; timeoutMs?: number }): () => Promise<void> {
  const url = `${(baseURL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '')}/models`;
  return async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`);
  };
}

/** The readiness checks the configuration asks for besides the database and Temporal (`ApiDeps.readinessChecks`). */
export function readinessChecksFor(config: { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string }): Record<string, () => Promise<void>> {
  return config.OPENAI_API_KEY ? { summarizer: summarizerReadinessCheck({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL }) } : {};
}

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, deps: ApiDeps): void {
  app.openapi(healthzRoute, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readyzRoute, async (c) => {
    const checks = {
      database: () => pingDatabase(deps.db),
      temporal: async () => { await deps.temporal.workflowService.getSystemInfo({}); },
      ...deps.readinessChecks,
    };
    const results = Object.fromEntries(await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await timed(check)] as const)));
    const ok = Object.values(results).every((result) => result.status === 'ok');
    return ok ? c.json({ status: 'ok' as const, checks: results }, 200) : c.json({ status: 'failing' as const, checks: results }, 503);
  });
}
