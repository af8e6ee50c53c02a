import { z } from '@hono/zod-openapi';
import { scrapeRequestSchema } from './scrape-options';

export const overlapPolicies = ['skip', 'buffer_one', 'buffer_all', 'allow_all', 'cancel_other', 'terminate_other'] as const;
export const notifyModes = ['always', 'on_change', 'on_failure'] as const;
export type NotifyMode = (typeof notifyModes)[number];

const duration = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 2s, 5m, 1h or 1d');
const isoDate = z.string().datetime({ offset: true }).openapi({ example: '2026-12-01T00:00:00Z' });

export const scheduleNotifySchema = z.object({
  mode: z.enum(notifyModes).default('on_change').openapi({ description: 'always: every run event; on_change: scrape.changed; on_failure: failure alerts only (alerts go to every mode)' }),
  failureThreshold: z.number().int().min(1).max(100).default(3).openapi({ description: 'Consecutive failed runs before one schedule.failing alert' }),
  webhooks: z.array(z.object({ url: z.string().min(1).max(2048) }).strict()).max(10).default([]),
}).strict();

/** The body of `POST /v1/schedules`: a scrape and when to run it. */
export const scheduleRequestSchema = z.object({
  scrape: scrapeRequestSchema,
  cron: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(10)]).optional()
    .openapi({ example: '*/5 * * * *', description: 'Cron expression(s); or use interval' }),
  interval: duration.optional().openapi({ example: '1h' }),
  timezone: z.string().min(1).max(64).default('UTC'),
  jitter: duration.optional(),
  overlap: z.enum(overlapPolicies).default('skip'),
  catchupWindow: duration.optional().openapi({ description: 'How far back missed runs are caught up after an outage (default 1m)' }),
  startAt: isoDate.optional(),
  endAt: isoDate.optional(),
  paused: z.boolean().default(false),
  note: z.string().max(500).optional(),
  notify: scheduleNotifySchema.default({ mode: 'on_change', failureThreshold: 3, webhooks: [] }),
}).strict().openapi('ScheduleRequest');

export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

/** `PATCH /v1/schedules/:id`: any of the fields, replacing what was there. */
export const scheduleUpdateSchema = scheduleRequestSchema.partial().omit({ paused: true, note: true }).strict().openapi('ScheduleUpdate');
export type ScheduleUpdate = z.infer<typeof scheduleUpdateSchema>;
