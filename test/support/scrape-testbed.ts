import { afterAll, beforeAll } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startWebhookReceiver } from '../fixtures/webhook-receiver';
import { json, startPipeline, waitFor, type Pipeline, type PipelineOptions } from './pipeline';

type ApiAnswer = Promise<{ status: number; body: any }>;

export interface ScrapeTestbed {
  pipeline: Pipeline;
  site: FixtureSite;
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  post(path: string, body: unknown, headers?: Record<string, string>): ApiAnswer;
  get(path: string): ApiAnswer;
  /** Waits until the scrape is completed, failed or cancelled, and returns it. */
  finished(id: string, timeoutMs?: number): Promise<any>;
}

/**
 * A pipeline, a fixture site of `sitePages` pages and a webhook receiver, started before the file's tests and closed
 * after them (the fields are set once `beforeAll` has run), and the API calls the tests make on the pipeline's app.
 */
export function useScrapeTestbed({ sitePages, ...pipelineOptions }: PipelineOptions & { sitePages: number }): ScrapeTestbed {
  const testbed = {
    post: (path, body, headers = {}) => json(testbed.pipeline.app.request(path, {
      method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers },
    })),
    get: (path) => json(testbed.pipeline.app.request(path)),
    finished: (id, timeoutMs = 30_000) => waitFor(async () => {
      const { body } = await testbed.get(`/v1/scrapes/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(body.status) ? body : undefined;
    }, { timeoutMs, what: `scrape ${id} to finish` }),
  } as ScrapeTestbed;
  beforeAll(async () => {
    testbed.pipeline = await startPipeline(pipelineOptions);
    testbed.site = await startFixtureSite({ pages: sitePages });
    testbed.receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await testbed.pipeline?.close();
    await testbed.site?.close();
    await testbed.receiver?.close();
  });
  return testbed;
}
