import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';

export const scrapeEventTypes = ['scrape.started', 'scrape.completed', 'scrape.failed', 'scrape.cancelled'] as const;
/** Sent for scheduled runs only: what changed since the previous run, and failure alerts with a threshold. */
export const scheduleEventTypes = ['scrape.changed', 'schedule.failing', 'schedule.recovered'] as const;
export const webhookEventTypes = [...scrapeEventTypes, ...scheduleEventTypes] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const fieldRuleSchema = z.object({
  selector: z.string().min(1).max(500).openapi({ example: '.price' }),
  type: z.enum(['text', 'number', 'price', 'url', 'list']).default('text'),
  attribute: z.string().min(1).max(100).optional().openapi({ description: 'Read this attribute instead of the text' }),
}).strict();

const MAX_SCHEMA_DEPTH = 32;

/** How deeply objects and arrays nest in a JSON value; iterative, so a hostile depth cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const pattern = z.string().min(1).max(500);

export const notifyTargetSchema = z.object({
  url: z.string().max(2048).openapi({ example: 'https://example.com/hooks/trawl' }),
  events: z.array(z.enum(scrapeEventTypes)).min(1).default([...scrapeEventTypes]),
}).strict();

/** The body of `POST /v1/scrapes`: what to crawl, what to extract, and whom to tell. */
export const scrapeRequestSchema = z.object({
  url: z.string().min(1).max(2048).openapi({ example: 'https://example.com/docs/' }),
  maxPages: z.number().int().min(1).max(1000).default(1),
  maxDepth: z.number().int().min(0).max(5).default(0),
  include: z.array(pattern).max(50).default([]).openapi({ description: 'URL patterns (`*` matches anything) a followed link must match' }),
  exclude: z.array(pattern).max(50).default([]).openapi({ description: 'URL patterns a followed link must not match' }),
  rules: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), fieldRuleSchema)
    .refine((rules) => Object.keys(rules).length <= 50, 'at most 50 rules')
    .default({})
    .openapi({ description: 'Named CSS selectors extracted as typed fields', example: { price: { selector: '.price', type: 'price' } } }),
  schema: z.record(z.string(), z.unknown())
    .refine((schema) => jsonDepth(schema) <= MAX_SCHEMA_DEPTH, `nested deeper than ${MAX_SCHEMA_DEPTH} levels`)
    .optional().openapi({ description: 'JSON Schema the extracted fields must satisfy' }),
  summarize: z.object({
    enabled: z.boolean().default(true),
    model: z.string().min(1).max(100).optional(),
    length: z.enum(['short', 'medium', 'long']).default('medium'),
  }).strict().default({ enabled: true, length: 'medium' }),
  notify: z.array(notifyTargetSchema).max(10).default([]),
  ignoreRobots: z.boolean().default(false).openapi({ description: 'Only for hosts in TRAWL_IGNORE_ROBOTS_HOSTS' }),
  forceRefresh: z.boolean().default(false).openapi({ description: 'Fetch every page again, ignoring the HTTP cache' }),
  politeness: z.object({
    maxConcurrency: z.number().int().min(1).max(16).optional().openapi({ description: 'Requests in flight per host (default TRAWL_HOST_CONCURRENCY)' }),
    minDelayMs: z.number().int().min(0).max(60_000).optional().openapi({ description: 'Delay between request starts per host (default TRAWL_HOST_DELAY_MS)' }),
  }).strict().default({}),
  sitemap: z.boolean().default(false).openapi({ description: "Also seed the crawl from the site's sitemap.xml (indexes and gzip followed)" }),
}).strict().openapi('ScrapeRequest');

export type ScrapeRequest = z.infer<typeof scrapeRequestSchema>;
/** Stored with the scrape; `notify` is kept as webhooks, not in the options. */
export type ScrapeOptions = Omit<ScrapeRequest, 'notify'>;

/** A short digest of the options, shown in the workflow memo so runs with the same options are easy to spot. */
export function optionsDigest(options: ScrapeOptions): string {
  return createHash('sha256').update(JSON.stringify(options)).digest('hex').slice(0, 16);
}
