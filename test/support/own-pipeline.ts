import { openDatabase } from '../../db/client';
import { assemblePipeline, type PipelineParts } from './assemble-pipeline';
import { adminAuthHeaders, adminKeyEnv } from './scrape-checks';

export interface OwnPipeline extends PipelineParts {
  /** Headers that authenticate a request to `app` (as the admin of tenant `default`). */
  authHeaders: Record<string, string>;
}

export interface OwnPipelineOptions {
  /** A Temporal server of the test's own (the harness in pipeline.ts always uses the global one). */
  temporalAddress: string;
  /** A PostgreSQL of the test's own, already migrated. */
  databaseUrl: string;
  taskQueue: string;
  workflowBundlePath: string;
  env?: Record<string, string>;
}

/**
 * The same pieces as `startPipeline` (activity deps, Trawl worker, API app), but on the Temporal server and the
 * PostgreSQL the test chooses: for tests that kill or restart those.
 */
export async function startOwnPipeline(options: OwnPipelineOptions): Promise<OwnPipeline> {
  const parts = await assemblePipeline({
    temporalAddress: options.temporalAddress,
    taskQueue: options.taskQueue,
    workflowBundlePath: options.workflowBundlePath,
    env: { DATABASE_URL: options.databaseUrl, ...adminKeyEnv, ...options.env },
    openDatabase: () => openDatabase({ url: options.databaseUrl }),
  });
  return { ...parts, authHeaders: adminAuthHeaders };
}
