import { createRoute, z } from '@hono/zod-openapi';
import { runStatuses } from '../../db/schema';
import { scrapeRequestSchema } from '../../lib/scrape-options';
import { errorSchema } from '../errors';
import { idParams, jsonBody, jsonResponse } from '../openapi-helpers';

const errors = {
  400: jsonResponse(errorSchema, 'The request is not valid; `details` names each problem'),
  404: jsonResponse(errorSchema, 'No such scrape'),
} as const;

const scrapeIdParams = idParams('01jd3k5q2x0000000000000000');
const cursorQuery = {
  cursor: z.string().max(512).optional().openapi({ description: 'The nextCursor of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

export const progressSchema = z.object({
  phase: z.string().optional(),
  step: z.string().nullable().optional(),
  batch: z.number().optional(),
  pagesDiscovered: z.number().optional(),
  pagesFetched: z.number().optional(),
  pagesFailed: z.number().optional(),
  pagesSkipped: z.number().optional(),
  cacheHits: z.number().optional().openapi({ description: 'Pages reused from a fetch within the cache TTL, without a request' }),
  notModified: z.number().optional().openapi({ description: 'Pages revalidated with a 304' }),
  activity: z.string().optional(),
  attempt: z.number().optional(),
  lastError: z.string().nullable().optional(),
}).openapi('ScrapeProgress');

export const scrapeSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  runId: z.string().nullable(),
  url: z.string(),
  scheduleId: z.string().nullable(),
  status: z.enum(runStatuses),
  progress: progressSchema,
  options: z.unknown(),
  error: z.object({ type: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  links: z.record(z.string(), z.string()),
}).openapi('Scrape');

const startedSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  status: z.enum(runStatuses),
  links: z.record(z.string(), z.string()),
  notify: z.array(z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), secret: z.string() }))
    .openapi({ description: 'Webhooks created from `notify`, with their signing secrets (shown only here)' }),
}).openapi('ScrapeStarted');

const pageSchema = z.object({
  id: z.number(),
  url: z.string(),
  finalUrl: z.string().nullable(),
  depth: z.number(),
  status: z.string(),
  httpStatus: z.number().nullable(),
  contentType: z.string().nullable(),
  contentHash: z.string().nullable(),
  bodyBytes: z.number().nullable(),
  fetchedAt: z.string().nullable(),
  error: z.unknown().nullable(),
  extraction: z.object({
    title: z.string().nullable(),
    description: z.string().nullable(),
    lang: z.string().nullable(),
    canonicalUrl: z.string().nullable(),
    metadata: z.unknown(),
    structured: z.unknown(),
    fields: z.record(z.string(), z.unknown()),
    validation: z.object({ status: z.string(), errors: z.array(z.object({ field: z.string(), message: z.string() })).nullable() }),
    links: z.number(),
    articleBody: z.string().optional(),
    markdown: z.string().optional(),
  }).nullable(),
}).openapi('Page');

export const createScrapeRoute = createRoute({
  method: 'post',
  path: '/v1/scrapes',
  summary: 'Start a scrape',
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional().openapi({ description: 'A retried POST with the same key returns the same scrape' }) }),
    ...jsonBody(scrapeRequestSchema),
  },
  responses: {
    202: jsonResponse(startedSchema, 'The scrape is queued; its workflow has started'),
    200: jsonResponse(startedSchema, 'An earlier request with this Idempotency-Key created this scrape'),
    400: errors[400],
    413: jsonResponse(errorSchema, 'The body is over 1 MB'),
    503: jsonResponse(errorSchema, 'Temporal is unavailable; nothing was started'),
  },
});

export const listScrapesRoute = createRoute({
  method: 'get',
  path: '/v1/scrapes',
  summary: 'List scrapes, newest first',
  request: {
    query: z.object({
      ...cursorQuery,
      status: z.enum(runStatuses).optional(),
      url: z.string().max(2048).optional().openapi({ description: 'Only scrapes of exactly this start URL' }),
      scheduleId: z.string().max(64).optional().openapi({ description: 'Only the runs of this schedule' }),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ data: z.array(scrapeSchema), nextCursor: z.string().nullable() }), 'A page of scrapes'),
    400: errors[400],
  },
});

export const getScrapeRoute = createRoute({
  method: 'get',
  path: '/v1/scrapes/{id}',
  summary: 'A scrape, with live progress while it runs',
  request: { params: scrapeIdParams },
  responses: { 200: jsonResponse(scrapeSchema, 'The scrape'), 400: errors[400], 404: errors[404] },
});

export const listPagesRoute = createRoute({
  method: 'get',
  path: '/v1/scrapes/{id}/pages',
  summary: "A scrape's pages with what was extracted from them",
  request: {
    params: scrapeIdParams,
    query: z.object({ ...cursorQuery, content: z.enum(['true', 'false']).default('false').openapi({ description: 'Include articleBody and markdown' }) }),
  },
  responses: {
    200: jsonResponse(z.object({ data: z.array(pageSchema), nextCursor: z.string().nullable() }), 'A page of pages'),
    400: errors[400],
    404: errors[404],
  },
});

export const getSummaryRoute = createRoute({
  method: 'get',
  path: '/v1/scrapes/{id}/summary',
  summary: "A scrape's summary",
  request: { params: scrapeIdParams },
  responses: {
    200: jsonResponse(z.object({
      scrapeId: z.string(),
      text: z.string(),
      method: z.enum(['llm', 'extractive']),
      model: z.string().nullable(),
      pages: z.number(),
      truncated: z.boolean(),
      note: z.string().nullable(),
      createdAt: z.string(),
    }).openapi('Summary'), 'The summary; `method` says whether a model or the local extractive summarizer wrote it'),
    400: errors[400],
    404: jsonResponse(errorSchema, 'No such scrape, or no summary yet (`summary_not_ready`)'),
  },
});

export const cancelScrapeRoute = createRoute({
  method: 'post',
  path: '/v1/scrapes/{id}/cancel',
  summary: 'Cancel a running scrape',
  request: { params: scrapeIdParams },
  responses: {
    202: jsonResponse(z.object({ id: z.string(), status: z.string() }), 'Cancellation requested'),
    400: errors[400],
    404: errors[404],
    409: jsonResponse(errorSchema, 'The scrape has already ended'),
  },
});
