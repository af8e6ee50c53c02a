import type { z } from '@hono/zod-openapi';
import type { errorSchema } from '../api/errors';
import type { createScrapeRoute, getSummaryRoute, scrapeSchema } from '../api/scrapes/scrapes.routes';
import type { scrapeRequestSchema } from '../lib/scrape-options';

/**
 * The API's request and response bodies, derived (types only) from its OpenAPI route definitions, so the CLI cannot
 * drift from the contract.
 */
type JsonBody<Response> = Response extends { content: { 'application/json': { schema: infer Schema extends z.ZodType } } } ? z.infer<Schema> : never;

/** The body of `POST /v1/scrapes`, before defaults are applied. */
export type ScrapeRequestBody = z.input<typeof scrapeRequestSchema>;
/** The answer to `POST /v1/scrapes`. */
export type ScrapeStarted = JsonBody<(typeof createScrapeRoute)['responses'][202]>;
/** `GET /v1/scrapes/:id`: status and live progress. */
export type Scrape = z.infer<typeof scrapeSchema>;
export type ScrapeStatus = Scrape['status'];
export type ScrapeProgress = Scrape['progress'];
/** `GET /v1/scrapes/:id/summary`. */
export type Summary = JsonBody<(typeof getSummaryRoute)['responses'][200]>;
/** Every error body: `{ error: { code, message, details } }`. */
export type ApiErrorBody = z.infer<typeof errorSchema>;

/** The statuses a scrape never leaves. */
export const FINAL_STATUSES: ReadonlySet<ScrapeStatus> = new Set(['completed', 'failed', 'cancelled']);
