import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { schema as coreSchema } from './schema';
import { authSchema } from './schema-auth';

const schema = { ...coreSchema, ...authSchema };

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations; concurrent callers on PostgreSQL serialise on an advisory lock. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK_ID = 7_431_905;

/**
 * `DATABASE_URL` selects PostgreSQL; without it the same schema runs on embedded PGlite under `dataDir`
 * (`memory://` keeps it in memory, for tests).
 */
export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  return openPglite(options.dataDir ?? '.trawl');
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  // Reconnect quickly after a database restart (postgres.js backs off up to 20 s by default).
  const client = postgres(url, { max: 10, connect_timeout: 10, idle_timeout: 30, backoff: (attempt) => Math.min(0.05 * 2 ** attempt, 1), onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // One dedicated connection holds the lock for the whole migration.
      const lockClient = postgres(url, { max: 1, connect_timeout: 10, onnotice: () => {} });
      try {
        await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
        await migrate(drizzle(lockClient), { migrationsFolder });
        await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
      } finally {
        await lockClient.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const location = dataDir === 'memory://' ? dataDir : path.resolve(dataDir, 'pglite');
  if (location !== 'memory://') mkdirSync(location, { recursive: true });
  const client = new PGlite(location);
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(drizzle(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

/** A cheap round trip for readiness checks. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
