
import {
  bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, bigint,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const runStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const pageStatuses = ['queued', 'fetched', 'failed', 'skipped'] as const;
export type PageStatus = (typeof pageStatuses)[number];

export interface StoredError { type: string; message: string; details?: unknown }

/** A scrape request as the user made it (on demand, or one run of a schedule). */
export const scrapes = pgTable('scrapes', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().default('default'),
  url: text('url').notNull(),
  options: jsonb('options').notNull(),
  optionsDigest: text('options_digest').notNull(),
  idempotencyKey: text('idempotency_key'),
  scheduleId: text('schedule_id'),
  workflowId: text('workflow_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('scrapes_workflow_id_key').on(t.workflowId),
  uniqueIndex('scrapes_idempotency_key').on(t.tenantId, t.idempotencyKey),
  index('scrapes_tenant_id_idx').on(t.tenantId, t.id.desc()),
  index('scrapes_tenant_url_idx').on(t.tenantId, t.url),
  index('scrapes_schedule_id_idx').on(t.scheduleId, t.id.desc()),
]);

/** A recurring scrape: the request, when it runs (a Temporal Schedule with the same id), and how it alerts. */
export const schedules = pgTable('schedules', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().default('default'),
  scrape: jsonb('scrape').notNull(),
  spec: jsonb('spec').$type<Record<string, unknown>>().notNull(),
  notifyMode: text('notify_mode').$type<'always' | 'on_change' | 'on_failure'>().notNull().default('on_change'),
  failureThreshold: integer('failure_threshold').notNull().default(3),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  alerting: boolean('alerting').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('schedules_tenant_id_idx').on(t.tenantId, t.id.desc())]);

/** What changed between a scheduled run and the schedule's previous completed run. */
export const scrapeChanges = pgTable('scrape_changes', {
  scrapeId: text('scrape_id').primaryKey().references(() => scrapes.id, { onDelete: 'cascade' }),
  previousScrapeId: text('previous_scrape_id'),
  changed: boolean('changed').notNull(),
  changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

/** The Temporal workflow execution behind a scrape: its status, counters, timings and error. */
export const runs = pgTable('runs', {
  scrapeId: text('scrape_id').primaryKey().references(() => scrapes.id, { onDelete: 'cascade' }),
  workflowId: text('workflow_id').notNull(),
  runId: text('run_id'),
  status: text('status').$type<RunStatus>().notNull().default('queued'),
  pagesDiscovered: integer('pages_discovered').notNull().default(0),
  pagesFetched: integer('pages_fetched').notNull().default(0),
  pagesFailed: integer('pages_failed').notNull().default(0),
  pagesSkipped: integer('pages_skipped').notNull().default(0),
  cacheHits: integer('cache_hits').notNull().default(0),
  notModified: integer('not_modified').notNull().default(0),
  error: jsonb('error').$type<StoredError>(),
  queuedAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  index('runs_status_idx').on(t.status),
]);

/** One URL of a crawl: queued in the frontier, then fetched (raw body gzip-compressed) or failed. */
export const pages = pgTable('pages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  scrapeId: text('scrape_id').notNull().references(() => scrapes.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  depth: integer('depth').notNull().default(0),
  status: text('status').$type<PageStatus>().notNull().default('queued'),
  batch: integer('batch'),
  attempts: integer('attempts').notNull().default(0),
  finalUrl: text('final_url'),
  httpStatus: integer('http_status'),
  headers: jsonb('headers').$type<Record<string, string>>(),
  contentType: text('content_type'),
  charset: text('charset'),
  contentHash: text('content_hash'),
  body: bytea('body'),
  /** 'miss' (fetched), 'hit' (reused within the cache TTL, no request) or 'revalidated' (a 304 reused the stored body). */
  cacheStatus: text('cache_status').$type<'miss' | 'hit' | 'revalidated'>(),
  bodyBytes: integer('body_bytes'),
  error: jsonb('error').$type<StoredError>(),
  discoveredAt: createdAt(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('pages_scrape_url_key').on(t.scrapeId, t.url),
  index('pages_scrape_batch_idx').on(t.scrapeId, t.batch),
  index('pages_scrape_status_idx').on(t.scrapeId, t.status, t.id),
  index('pages_url_fetched_idx').on(t.url, t.fetchedAt.desc()),
]);

/** What the parse step found on a page, and what the validate step said of it. */
export const extractions = pgTable('extractions', {
  pageId: bigint('page_id', { mode: 'number' }).primaryKey().references(() => pages.id, { onDelete: 'cascade' }),
  scrapeId: text('scrape_id').notNull().references(() => scrapes.id, { onDelete: 'cascade' }),
  title: text('title'),
  description: text('description'),
  canonicalUrl: text('canonical_url'),
  lang: text('lang'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  jsonLd: jsonb('json_ld').$type<unknown[]>().notNull(),
  structured: jsonb('structured').$type<Record<string, unknown>>().notNull(),
  articleBody: text('article_body').notNull(),
  markdown: text('markdown').notNull(),
  textHash: text('text_hash').notNull(),
  links: jsonb('links').$type<string[]>().notNull(),
  fields: jsonb('fields').$type<Record<string, unknown>>().notNull(),
  validationStatus: text('validation_status').$type<'pending' | 'valid' | 'invalid' | 'skipped'>().notNull().default('pending'),
  validationErrors: jsonb('validation_errors').$type<{ field: string; message: string }[]>(),
  parsedAt: timestamp('parsed_at', { withTimezone: true }).notNull().defaultNow(),
  validatedAt: timestamp('validated_at', { withTimezone: true }),
}, (t) => [
  index('extractions_scrape_idx').on(t.scrapeId, t.pageId),
]);

/** The scrape's summary (scope 'scrape') and cached per-page partial summaries (scope = cache key). */
export const summaries = pgTable('summaries', {
  scrapeId: text('scrape_id').notNull().references(() => scrapes.id, { onDelete: 'cascade' }),
  scope: text('scope').notNull(),
  method: text('method').$type<'llm' | 'extractive'>().notNull(),
  model: text('model'),
  text: text('text').notNull(),
  pages: integer('pages').notNull().default(0),
  truncated: boolean('truncated').notNull().default(false),
  note: text('note'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.scrapeId, t.scope] })]);

/** A webhook endpoint: tenant-wide, or attached to one scrape when given in its `notify`. */
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().default('default'),
  scrapeId: text('scrape_id').references(() => scrapes.id, { onDelete: 'cascade' }),
  scheduleId: text('schedule_id').references(() => schedules.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('webhooks_tenant_id_idx').on(t.tenantId, t.id.desc()),
  index('webhooks_scrape_idx').on(t.scrapeId),
  index('webhooks_schedule_idx').on(t.scheduleId),
]);

/** An event as first emitted: the same id and body on every delivery attempt. */
export const events = pgTable('events', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull().default('default'),
  scrapeId: text('scrape_id').references(() => scrapes.id, { onDelete: 'cascade' }),
  type: text('type').notNull(),
  payload: jsonb('payload').$type<{ type: string; timestamp: string; data: Record<string, unknown> }>().notNull(),
  createdAt: createdAt(),
}, (t) => [index('events_scrape_idx').on(t.scrapeId)]);

/** Every attempt to deliver an event to a webhook. */
export const deliveries = pgTable('deliveries', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  eventId: text('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
  webhookId: text('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
  attempt: integer('attempt').notNull(),
  ok: boolean('ok').notNull(),
  statusCode: integer('status_code'),
  durationMs: integer('duration_ms').notNull(),
  error: text('error'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('deliveries_event_webhook_attempt_key').on(t.eventId, t.webhookId, t.attempt),
  index('deliveries_webhook_created_idx').on(t.webhookId, t.createdAt.desc()),
]);

export const schema = { schedules, scrapeChanges, scrapes, runs, pages, extractions, summaries, webhooks, events, deliveries };

