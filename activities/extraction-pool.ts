import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { ExtractionJob, ExtractionResult } from './extraction-thread';

export interface ExtractionPool {
  extract(job: ExtractionJob, signal?: AbortSignal): Promise<ExtractionResult>;
  close(): Promise<void>;
}

/** One core is left to the worker's event loop (fetching, database, Temporal); at least one thread, at most four. */
export function defaultExtractionThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/**
 * Parsing and extracting a page takes milliseconds of CPU; on the worker's event loop that stalls every fetch and
 * heartbeat in flight. Pages are extracted on a pool of threads instead (piscina).
 */
export function createExtractionPool(threads = defaultExtractionThreads()): ExtractionPool {
  // The thread runs TypeScript source, so it loads tsx itself, wherever the worker was started from.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const pool = new Piscina<ExtractionJob, ExtractionResult>({
    filename: new URL('./extraction-thread.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: ['--import', tsxLoader],
    // Extraction garbage dies young: a small young generation keeps the worker's peak RSS ~30 MB lower at no measured
    // cost in pages/s. The old generation keeps V8's default, so a 10 MB page still fits.
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  return {
    extract(job, signal) {
      // A copy of its own: a database driver's Buffer may be a view into a larger shared buffer, which must not move.
      const body = job.body ? new Uint8Array(job.body) : null;
      return pool.run({ ...job, body }, { transferList: body ? [body.buffer] : [], signal });
    },
    close: () => pool.destroy(),
  };
}
