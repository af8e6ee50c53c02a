import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** `write` implies `read`; `admin` implies both and manages API keys (of every tenant: an operator scope). */
export const apiKeyScopes = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/**
 * API keys. The key itself (`trawl_…`) is never stored: only its SHA-256 `hash` (how a request's key is found) and a
 * short non-secret `prefix` (how people recognise it in a listing). Keys are revoked, never deleted, so that the API
 * cannot fall back to open mode by revoking every key.
 */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull(),
  scopes: jsonb('scopes').$type<ApiKeyScope[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('api_keys_hash_key').on(t.hash),
  index('api_keys_tenant_id_idx').on(t.tenantId, t.id.desc()),
]);

export const authSchema = { apiKeys };
