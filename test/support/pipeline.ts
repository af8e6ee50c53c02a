import { inject } from 'vitest';
import { openDatabase } from '../../db/client';
import { assemblePipeline, type PipelineParts } from './assemble-pipeline';

export interface Pipeline extends Omit<PipelineParts, 'startWorker'> {
  /** Stops the worker (as a crash would, when `hard`) and starts a fresh one on the same task queue. */
  restartWorker(): Promise<void>;
}

export interface PipelineOptions {
  taskQueue: string;
  env?: Record<string, string>;
  database?: 'postgres' | 'pglite';
}

/**
 * The whole Trawl path for a test file: the real Temporal server from the global setup, a real SDK worker on the
 * file's own task queue, the API app, and PostgreSQL (or PGlite with `database: 'pglite'`).
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { startWorker, ...parts } = await assemblePipeline({
    temporalAddress: inject('temporalAddress'),
    taskQueue: options.taskQueue,
    workflowBundlePath: inject('workflowBundlePath'),
    env: {
      // Generous enough that no existing test meets the rate limit; test/auth sets its own.
      TRAWL_RATE_LIMIT_PER_MINUTE: '600000',
      TRAWL_RATE_LIMIT_BURST: '10000',
      ...options.env,
    },
    async openDatabase() {
      if (options.database !== 'pglite') return openDatabase({ url: inject('databaseUrl') });
      const database = await openDatabase({ dataDir: 'memory://' });
      await database.migrate();
      return database;
    },
  });
  return {
    ...parts,
    async restartWorker() {
      await parts.stopWorker();
      await startWorker();
    },
  };
}

/** Polls until `check` returns a value, bounded in time. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, { timeoutMs = 30_000, everyMs = 100, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function json<T = any>(response: Response | Promise<Response>): Promise<{ status: number; body: T }> {
  const res = await response;
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
