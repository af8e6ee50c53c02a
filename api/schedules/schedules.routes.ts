import { createRoute, z } from '@hono/zod-openapi';
import { overlapPolicies, scheduleRequestSchema, scheduleUpdateSchema } from '../../lib/schedule-options';
import { errorSchema } from '../errors';
import { idParams, jsonBody, jsonResponse } from '../openapi-helpers';

const scheduleIdParams = idParams();
const errors = { 400: jsonResponse(errorSchema, 'Not valid; `details` names each problem'), 404: jsonResponse(errorSchema, 'No such schedule') } as const;
const isoDate = z.string().datetime({ offset: true });

const webhookWithSecret = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), secret: z.string() });
export const scheduleSchema = z.object({
  id: z.string(),
  temporalScheduleId: z.string(),
  scrape: z.unknown(),
  spec: z.unknown(),
  notify: z.object({ mode: z.string(), failureThreshold: z.number(), consecutiveFailures: z.number(), alerting: z.boolean() }),
  paused: z.boolean().optional(),
  note: z.string().nullable().optional(),
  nextRunTimes: z.array(z.string()).optional(),
  recentRuns: z.array(z.object({ scheduledAt: z.string(), workflowId: z.string(), scrapeId: z.string().nullable(), status: z.string() })).optional(),
  createdAt: z.string(),
  links: z.record(z.string(), z.string()),
}).openapi('Schedule');

export const createScheduleRoute = createRoute({
  method: 'post', path: '/v1/schedules', summary: 'Create a recurring scrape on a Temporal Schedule',
  request: jsonBody(scheduleRequestSchema),
  responses: {
    201: jsonResponse(z.object({ id: z.string(), temporalScheduleId: z.string(), links: z.record(z.string(), z.string()), webhooks: z.array(webhookWithSecret) }), 'Created; webhook secrets are shown only here'),
    400: errors[400],
    503: jsonResponse(errorSchema, 'Temporal is unavailable'),
  },
});

export const listSchedulesRoute = createRoute({
  method: 'get', path: '/v1/schedules', summary: 'List schedules, newest first',
  request: { query: z.object({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: { 200: jsonResponse(z.object({ data: z.array(scheduleSchema), nextCursor: z.string().nullable() }), 'A page of schedules'), 400: errors[400] },
});

export const getScheduleRoute = createRoute({
  method: 'get', path: '/v1/schedules/{id}', summary: 'A schedule: spec, paused state and note, next 5 run times, recent runs',
  request: { params: scheduleIdParams },
  responses: { 200: jsonResponse(scheduleSchema, 'The schedule'), 404: errors[404], 503: jsonResponse(errorSchema, 'Temporal is unavailable') },
});

export const updateScheduleRoute = createRoute({
  method: 'patch', path: '/v1/schedules/{id}', summary: 'Change a schedule (given fields replace the stored ones)',
  request: { params: scheduleIdParams, ...jsonBody(scheduleUpdateSchema) },
  responses: {
    200: jsonResponse(z.object({ id: z.string(), webhooks: z.array(webhookWithSecret) }), 'Updated; new webhook secrets, if webhooks were replaced'),
    400: errors[400], 404: errors[404], 503: jsonResponse(errorSchema, 'Temporal is unavailable'),
  },
});

const noteBody = { body: { content: { 'application/json': { schema: z.object({ note: z.string().max(500).optional() }).strict() } }, required: false } };
const ok = jsonResponse(z.object({ id: z.string(), status: z.string() }), 'Done');
export const pauseScheduleRoute = createRoute({
  method: 'post', path: '/v1/schedules/{id}/pause', summary: 'Pause a schedule (no run while paused)',
  request: { params: scheduleIdParams, ...noteBody }, responses: { 200: ok, 400: errors[400], 404: errors[404] },
});
export const unpauseScheduleRoute = createRoute({
  method: 'post', path: '/v1/schedules/{id}/unpause', summary: 'Resume a paused schedule',
  request: { params: scheduleIdParams, ...noteBody }, responses: { 200: ok, 400: errors[400], 404: errors[404] },
});
export const triggerScheduleRoute = createRoute({
  method: 'post', path: '/v1/schedules/{id}/trigger', summary: 'Run the schedule once, now',
  request: { params: scheduleIdParams }, responses: { 202: ok, 404: errors[404] },
});
export const backfillScheduleRoute = createRoute({
  method: 'post', path: '/v1/schedules/{id}/backfill', summary: 'Run the actions of a past time range at once (at most 7 days)',
  request: { params: scheduleIdParams, ...jsonBody(z.object({ start: isoDate, end: isoDate, overlap: z.enum(overlapPolicies).optional() }).strict()) },
  responses: { 202: ok, 400: errors[400], 404: errors[404] },
});
export const deleteScheduleRoute = createRoute({
  method: 'delete', path: '/v1/schedules/{id}', summary: 'Delete a schedule (its past scrapes stay)',
  request: { params: scheduleIdParams }, responses: { 204: { description: 'Deleted' }, 404: errors[404] },
});
export const scheduleHistoryRoute = createRoute({
  method: 'get', path: '/v1/schedules/{id}/history', summary: "A field's value over the schedule's completed runs, ready to plot",
  request: { params: scheduleIdParams, query: z.object({ field: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
  responses: {
    200: jsonResponse(z.object({ field: z.string(), data: z.array(z.object({ scrapeId: z.string(), url: z.string(), at: z.string(), value: z.unknown() })) }), 'Oldest first'),
    400: errors[400], 404: errors[404],
  },
});
