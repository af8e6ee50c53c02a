import { createRoute, z } from '@hono/zod-openapi';
import { apiKeyScopes } from '../../db/schema-auth';
import { errorSchema } from '../errors';
import { idParams, jsonBody, jsonResponse } from '../openapi-helpers';
import { TENANT_PATTERN } from './keys';

const authErrors = {
  401: jsonResponse(errorSchema, 'No API key, or an invalid or revoked one (`unauthorized`)'),
  403: jsonResponse(errorSchema, 'The key lacks the admin scope (`forbidden`)'),
  429: jsonResponse(errorSchema, 'Rate limited (`rate_limited`); see Retry-After'),
} as const;

export const apiKeySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  prefix: z.string().openapi({ description: 'The first characters of the key, to recognise it (not a secret)', example: 'trawl_Ab3dE9xQ' }),
  scopes: z.array(z.enum(apiKeyScopes)),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
}).openapi('ApiKey');

export const createKeyRequestSchema = z.object({
  name: z.string().trim().min(1).max(200).openapi({ example: 'ci' }),
  tenantId: z.string().regex(TENANT_PATTERN, '1–64 characters of A-Z a-z 0-9 . _ -').optional()
    .openapi({ description: 'The tenant whose data the key reaches; `default` when omitted' }),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).openapi({ description: '`write` implies `read`; `admin` implies both and manages keys', example: ['read', 'write'] }),
}).strict().openapi('ApiKeyRequest');

export const createKeyRoute = createRoute({
  method: 'post',
  path: '/v1/keys',
  summary: 'Create an API key (admin); the key is in this answer only',
  request: jsonBody(createKeyRequestSchema),
  responses: {
    201: jsonResponse(apiKeySchema.extend({ key: z.string().openapi({ description: 'The API key (trawl_…), shown only here; only its SHA-256 is stored' }) }), 'Created'),
    400: jsonResponse(errorSchema, 'Not a valid key request'),
    ...authErrors,
  },
});

export const listKeysRoute = createRoute({
  method: 'get',
  path: '/v1/keys',
  summary: 'List API keys of every tenant, newest first, revoked ones included (admin; no secrets)',
  request: {
    query: z.object({
      tenantId: z.string().max(64).optional().openapi({ description: "Only this tenant's keys" }),
      cursor: z.string().max(512).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ data: z.array(apiKeySchema), nextCursor: z.string().nullable() }), 'A page of keys'),
    400: jsonResponse(errorSchema, 'Bad cursor or limit'),
    ...authErrors,
  },
});

export const revokeKeyRoute = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  summary: 'Revoke an API key (admin); it stops working at once. Revoking again changes nothing',
  request: { params: idParams() },
  responses: {
    200: jsonResponse(apiKeySchema, 'The revoked key'),
    404: jsonResponse(errorSchema, 'No such key'),
    ...authErrors,
  },
});
