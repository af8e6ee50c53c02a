import { createRoute, z } from '@hono/zod-openapi';
import { webhookEventTypes } from '../../lib/scrape-options';
import { errorSchema } from '../errors';
import { idParams, jsonBody, jsonResponse } from '../openapi-helpers';

const noSuchWebhook = jsonResponse(errorSchema, 'No such webhook');

export const webhookRequestSchema = z.object({
  url: z.string().min(1).max(2048).openapi({ example: 'https://example.com/hooks/trawl' }),
  events: z.array(z.enum(webhookEventTypes)).min(1).default([...webhookEventTypes]),
}).strict().openapi('WebhookRequest');

const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.string(),
}).openapi('Webhook');

const deliverySchema = z.object({
  eventId: z.string(), attempt: z.number(), ok: z.boolean(), statusCode: z.number().nullable(), durationMs: z.number(),
  error: z.string().nullable(), createdAt: z.string(),
}).openapi('Delivery');

export const createWebhookRoute = createRoute({
  method: 'post',
  path: '/v1/webhooks',
  summary: 'Register a webhook for all scrapes (Standard Webhooks signatures)',
  request: jsonBody(webhookRequestSchema),
  responses: {
    201: jsonResponse(webhookSchema.extend({ secret: z.string().openapi({ description: 'The signing secret (whsec_…), shown only here' }) }), 'Created'),
    400: jsonResponse(errorSchema, 'Not a valid webhook'),
  },
});

export const listWebhooksRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks',
  summary: 'List webhooks (without secrets)',
  request: { query: z.object({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }) },
  responses: {
    200: jsonResponse(z.object({ data: z.array(webhookSchema), nextCursor: z.string().nullable() }), 'A page of webhooks'),
    400: jsonResponse(errorSchema, 'Bad cursor or limit'),
  },
});

export const getWebhookRoute = createRoute({
  method: 'get',
  path: '/v1/webhooks/{id}',
  summary: 'A webhook and its 50 most recent delivery attempts',
  request: { params: idParams() },
  responses: {
    200: jsonResponse(webhookSchema.extend({ deliveries: z.array(deliverySchema) }), 'The webhook'),
    404: noSuchWebhook,
  },
});

export const deleteWebhookRoute = createRoute({
  method: 'delete',
  path: '/v1/webhooks/{id}',
  summary: 'Delete a webhook',
  request: { params: idParams() },
  responses: { 204: { description: 'Deleted' }, 404: noSuchWebhook },
});
