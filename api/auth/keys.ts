import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { apiKeys, apiKeyScopes, type ApiKeyScope } from '../../db/schema-auth';
import { newId } from '../../lib/ids';

/** `trawl_` + 43 base64url characters (256 random bits). */
export const API_KEY_PREFIX = 'trawl_';
/** What a presented key must look like before it is even hashed (anything else is rejected without a lookup). */
export const API_KEY_PATTERN = /^trawl_[A-Za-z0-9_-]{20,200}$/;
/** How many characters of a key are kept in clear for listings (`trawl_` + 8): enough to recognise, useless to guess. */
const LISTED_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
export const DEFAULT_TENANT = 'default';
export const TENANT_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** SHA-256 (hex) of a key: the only form in which keys are stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function keyPrefix(key: string): string {
  return key.slice(0, LISTED_PREFIX_LENGTH);
}

/** Compares two keys through their SHA-256 digests in constant time (equal lengths, so timingSafeEqual never throws). */
export function sameKey(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A key request that cannot be honoured (unknown scope, bad tenant id or name): the caller's mistake. */
export class KeyInputError extends Error {
  override name = 'KeyInputError';
}

/** `write` implies `read`; `admin` implies every scope. */
export function hasScope(granted: readonly string[], needed: ApiKeyScope): boolean {
  if (granted.includes('admin')) return true;
  if (needed === 'read') return granted.includes('read') || granted.includes('write');
  return granted.includes(needed);
}

/** Deduplicated, in canonical order; throws on an unknown scope. */
export function normalizeScopes(scopes: readonly string[]): ApiKeyScope[] {
  const unknown = scopes.filter((scope) => !apiKeyScopes.includes(scope as ApiKeyScope));
  if (unknown.length > 0) throw new KeyInputError(`unknown scope ${unknown.map((s) => JSON.stringify(s)).join(', ')} (use ${apiKeyScopes.join(', ')})`);
  if (scopes.length === 0) throw new KeyInputError(`at least one scope is needed (${apiKeyScopes.join(', ')})`);
  return apiKeyScopes.filter((scope) => scopes.includes(scope));
}

export interface ApiKeyView {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const publicColumns = {
  id: apiKeys.id, tenantId: apiKeys.tenantId, name: apiKeys.name, prefix: apiKeys.prefix, scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt,
};
type PublicRow = Omit<typeof apiKeys.$inferSelect, 'hash'>;

function view(row: PublicRow): ApiKeyView {
  return {
    id: row.id, tenantId: row.tenantId, name: row.name, prefix: row.prefix, scopes: row.scopes,
    createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null, revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key; the plaintext is in the answer only, the database keeps its hash and prefix. */
export async function createApiKey(db: Database, input: { name: string; tenantId?: string; scopes: readonly string[] }): Promise<ApiKeyView & { key: string }> {
  const tenantId = input.tenantId ?? DEFAULT_TENANT;
  if (!TENANT_PATTERN.test(tenantId)) throw new KeyInputError('a tenant id is 1–64 characters of A-Z a-z 0-9 . _ -');
  const name = input.name.trim();
  if (!name || name.length > 200) throw new KeyInputError('a key name is 1–200 characters');
  const scopes = normalizeScopes(input.scopes);
  const key = generateApiKey();
  const [row] = await db.insert(apiKeys)
    .values({ id: newId(), tenantId, name, prefix: keyPrefix(key), hash: hashApiKey(key), scopes })
    .returning(publicColumns);
  return { ...view(row), key };
}

/** Every key (revoked ones too, marked), newest first, without hashes. */
export async function listApiKeys(db: Database, options: { tenantId?: string; limit?: number; after?: string } = {}): Promise<ApiKeyView[]> {
  const rows = await db.select(publicColumns).from(apiKeys)
    .where(and(options.tenantId ? eq(apiKeys.tenantId, options.tenantId) : undefined, options.after ? lt(apiKeys.id, options.after) : undefined))
    .orderBy(desc(apiKeys.id))
    .limit(options.limit ?? 1000);
  return rows.map(view);
}

/** Marks a key revoked (idempotent); undefined when there is no such key. */
export async function revokeApiKey(db: Database, id: string): Promise<ApiKeyView | undefined> {
  const [revoked] = await db.update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(eq(apiKeys.id, id)).returning(publicColumns);
  return revoked ? view(revoked) : undefined;
}

/** Whether any key row exists, revoked or not: one ever made ends open mode for good. */
export async function anyApiKeyExists(db: Database): Promise<boolean> {
  const rows = await db.select({ id: apiKeys.id }).from(apiKeys).limit(1);
  return rows.length > 0;
}

export interface KeyRecord { id: string; tenantId: string; scopes: ApiKeyScope[]; lastUsedAt: Date | null }

/** The active (not revoked) key with this plaintext, looked up by its hash. */
export async function findActiveKey(db: Database, key: string): Promise<KeyRecord | undefined> {
  const [row] = await db.select({ id: apiKeys.id, tenantId: apiKeys.tenantId, scopes: apiKeys.scopes, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys).where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  return row;
}

export async function touchApiKey(db: Database, id: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, id));
}
