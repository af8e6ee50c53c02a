import pino, { type Logger } from 'pino';
import { createApp } from '../../api/app';
import type { AccessOptions, ApiDeps } from '../../api/deps';
import { json, type Pipeline } from '../support/pipeline';

type App = ReturnType<typeof createApp>;

/** Another app on the pipeline's database and Temporal client, with other access settings. */
export function appWith(pipeline: Pipeline, access: Partial<AccessOptions>, extra: Partial<ApiDeps> = {}): App {
  return createApp({ ...pipeline.apiDeps, access: { ...pipeline.apiDeps.access, ...access }, ...extra });
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** JSON requests against an app, with an optional key. */
export function client(app: App, key?: string) {
  const headers = (more: Record<string, string> = {}) => ({ ...(key ? bearer(key) : {}), ...more });
  return {
    get: (path: string, more?: Record<string, string>) => json(app.request(path, { headers: headers(more) })),
    post: (path: string, body?: unknown, more?: Record<string, string>) => json(app.request(path, {
      method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: headers({ 'content-type': 'application/json', ...more }),
    })),
    del: (path: string) => json(app.request(path, { method: 'DELETE', headers: headers() })),
    raw: (path: string, init: RequestInit = {}, env?: unknown) => app.request(path, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string> | undefined) } }, env as never),
  };
}

/** A pino logger whose JSON lines are kept in memory. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  let buffer = '';
  const logger = pino({ level: 'info' }, { write: (line: string) => { buffer += line; } });
  return {
    logger,
    text: () => buffer,
    lines: () => buffer.split('\n').filter(Boolean).map((line) => JSON.parse(line)),
  };
}
