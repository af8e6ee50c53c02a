import { afterEach, expect } from 'vitest';
import { createFetcher, FetchFailure, type Fetcher, type FetcherOptions } from '../../../lib/http';
import { startServer, type Handler, type TestServer } from '../../fixtures/hostile-server';

/** Small limits so every hostile case ends within a second or two. */
export const TEST_LIMITS = {
  userAgent: 'TrawlTest/1.0 (+https://example.invalid/bot)',
  connectTimeoutMs: 500,
  headersTimeoutMs: 500,
  bodyTimeoutMs: 800,
  maxBodyBytes: 1024 * 1024,
  maxRedirects: 5,
} as const;

export function testFetcher(overrides: Partial<FetcherOptions> = {}): Fetcher {
  return createFetcher({ ...TEST_LIMITS, allowedHosts: ['127.0.0.1'], ...overrides });
}

export interface ServerAndFetcher {
  server?: TestServer;
  fetcher?: Fetcher;
  /** Starts a hostile-server with `handler` as this test's `server`. */
  serve(handler: Handler): Promise<TestServer>;
}

/** The server and the fetcher a test sets: both are closed, and cleared, after each test. */
export function serverAndFetcherPerTest(): ServerAndFetcher {
  const current: ServerAndFetcher = {
    async serve(handler) {
      current.server = await startServer(handler);
      return current.server;
    },
  };
  afterEach(async () => {
    await current.fetcher?.close();
    await current.server?.close();
    current.fetcher = current.server = undefined;
  });
  return current;
}

/** Resolver hook backed by a table, counting calls per name; unknown names fail like NXDOMAIN. */
export function tableResolver(table: Record<string, string[] | (() => string[])>) {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return typeof entry === 'function' ? entry() : entry;
  };
  return { resolve, calls };
}

export async function failureOf(promise: Promise<unknown>): Promise<FetchFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchFailure) return error;
    throw error;
  }
  throw new Error('expected a FetchFailure, but the fetch succeeded');
}

export async function expectFailure(promise: Promise<unknown>, type: FetchFailure['type'], message?: RegExp): Promise<FetchFailure> {
  const failure = await failureOf(promise);
  expect(failure.type, failure.message).toBe(type);
  if (message) expect(failure.message).toMatch(message);
  return failure;
}
