import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { findScrapeByIdempotencyKey } from '../../db/queries/scrapes';
import { runs, scrapes, webhooks } from '../../db/schema';
import { newId, scrapeWorkflowId } from '../../lib/ids';
import { optionsDigest, type ScrapeOptions, type ScrapeRequest } from '../../lib/scrape-options';
import { newWebhookSecret } from '../../lib/webhooks/signing';
import { tenantIdAttribute } from '../../workflows/search-attributes';
import type { ScrapeWorkflowInput } from '../../workflows/scrape';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';

export interface StartedScrape {
  id: string;
  workflowId: string;
  created: boolean;
  notify: { id: string; url: string; events: string[]; secret: string }[];
}

/**
 * Stores the request, then starts its workflow. A retried request with the same Idempotency-Key returns the first
 * scrape (and starts its workflow if the first attempt could not). A workflow that cannot be started leaves nothing.
 */
export interface StartContext { tenantId: string; idempotencyKey?: string; requestId?: string }

export async function startScrape(deps: ApiDeps, { tenantId, idempotencyKey, requestId }: StartContext, request: ScrapeRequest): Promise<StartedScrape> {
  if (idempotencyKey) {
    const existing = await findScrapeByIdempotencyKey(deps.db, tenantId, idempotencyKey);
    if (existing) {
      await startWorkflow(deps, { tenantId, requestId }, existing.id, existing.url, (existing.options as ScrapeOptions));
      return { id: existing.id, workflowId: existing.workflowId, created: false, notify: [] };
    }
  }
  const id = newId();
  const workflowId = scrapeWorkflowId(id);
  const { notify, ...options } = request;
  const hooks = notify.map((target) => ({ id: newId(), tenantId, scrapeId: id, url: target.url, events: target.events, secret: newWebhookSecret() }));
  try {
    await deps.db.transaction(async (tx) => {
      await tx.insert(scrapes).values({ id, tenantId, url: options.url, options, optionsDigest: optionsDigest(options), idempotencyKey, workflowId });
      await tx.insert(runs).values({ scrapeId: id, workflowId });
      if (hooks.length > 0) await tx.insert(webhooks).values(hooks);
    });
  } catch (error) {
    // Two concurrent requests with one key: the loser answers with the winner's scrape.
    const winner = idempotencyKey ? await findScrapeByIdempotencyKey(deps.db, tenantId, idempotencyKey) : undefined;
    if (winner) return { id: winner.id, workflowId: winner.workflowId, created: false, notify: [] };
    throw error;
  }
  try {
    await startWorkflow(deps, { tenantId, requestId }, id, options.url, options);
  } catch (error) {
    await deps.db.delete(scrapes).where(eq(scrapes.id, id));
    throw new ApiError(503, 'temporal_unavailable', `the scrape could not be started: ${error instanceof Error ? error.message : error}`);
  }
  return { id, workflowId, created: true, notify: hooks.map(({ id: hookId, url, events, secret }) => ({ id: hookId, url, events, secret })) };
}

async function startWorkflow(deps: ApiDeps, { tenantId, requestId }: StartContext, scrapeId: string, url: string, options: ScrapeOptions): Promise<void> {
  const input: ScrapeWorkflowInput = { scrapeId, retryInitialInterval: deps.retryInitialInterval };
  try {
    await deps.temporal.workflow.start('scrapeWorkflow', {
      workflowId: scrapeWorkflowId(scrapeId),
      taskQueue: deps.taskQueue,
      args: [input],
      memo: { url, tenantId, optionsDigest: optionsDigest(options), maxPages: options.maxPages, ...(requestId ? { requestId } : {}) },
      typedSearchAttributes: [{ key: tenantIdAttribute, value: tenantId }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
