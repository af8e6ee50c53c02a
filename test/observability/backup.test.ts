import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { extractions, pages, runs, scrapes, summaries } from '../../db/schema';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { json, startPipeline, waitFor, type Pipeline } from '../support/pipeline';

// The procedures of docs/operations.md ("Backup and restore"), run for real.

const tmp = mkdtempSync(path.join(os.tmpdir(), 'trawl-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** pg_dump / pg_restore of the server's major version: PG_BIN, then the Debian layout, then /usr/local/bin, then PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const candidates = [
    process.env.PG_BIN && path.join(process.env.PG_BIN, name),
    ...['17', '16', '15'].map((major) => `/usr/lib/postgresql/${major}/bin/${name}`),
    `/usr/local/bin/${name}`,
  ].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((candidate) => existsSync(candidate)) ?? name;
}

/** Every row of the scrape that matters to a user, in a stable order. */
async function snapshot(db: Awaited<ReturnType<typeof openDatabase>>['db'], scrapeId: string) {
  return {
    scrape: await db.select().from(scrapes).where(eq(scrapes.id, scrapeId)),
    run: await db.select().from(runs).where(eq(runs.scrapeId, scrapeId)),
    pages: await db.select().from(pages).where(eq(pages.scrapeId, scrapeId)).orderBy(pages.id),
    extractions: await db.select().from(extractions).where(eq(extractions.scrapeId, scrapeId)).orderBy(extractions.pageId),
    summaries: await db.select().from(summaries).where(eq(summaries.scrapeId, scrapeId)).orderBy(summaries.scope),
  };
}

describe('PostgreSQL: pg_dump -Fc / pg_restore', () => {
  let pipeline: Pipeline;
  let site: FixtureSite;
  const restoredName = `trawl_restore_${process.pid}_${Date.now().toString(36)}`;
  const sourceUrl = () => inject('databaseUrl');
  const restoredUrl = () => Object.assign(new URL(sourceUrl()), { pathname: `/${restoredName}` }).href;
  const admin = () => postgres(sourceUrl(), { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    pipeline = await startPipeline({ taskQueue: 'test-observability-backup' });
    site = await startFixtureSite({ pages: 3 });
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
    const sql = admin();
    try {
      await sql.unsafe(`drop database if exists ${restoredName} with (force)`);
    } finally {
      await sql.end();
    }
  });

  it('restores a completed scrape into a fresh database, every row and raw body intact', async () => {
    const { body: started } = await json(pipeline.app.request('/v1/scrapes', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: site.url('/'), maxPages: 3, maxDepth: 1, rules: { name: { selector: 'h1' } } }),
    }));
    await waitFor(async () => (await json(pipeline.app.request(`/v1/scrapes/${started.id}`))).body.status === 'completed', { what: 'the scrape' });
    const original = await snapshot(pipeline.database.db, started.id);
    expect(original.pages).toHaveLength(3);
    expect(original.pages.every((page) => page.body && page.body.length > 0)).toBe(true);
    expect(original.summaries.length).toBeGreaterThan(0);

    const dumpFile = path.join(tmp, 'trawl.dump');
    execFileSync(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${dumpFile}`, `--dbname=${sourceUrl()}`], { stdio: 'pipe' });
    expect(statSync(dumpFile).size).toBeGreaterThan(1000);

    const sql = admin();
    try {
      await sql.unsafe(`create database ${restoredName}`);
    } finally {
      await sql.end();
    }
    execFileSync(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${restoredUrl()}`, dumpFile], { stdio: 'pipe' });

    const restored = await openDatabase({ url: restoredUrl() });
    try {
      // The migrations journal came along: nothing to apply.
      await restored.migrate();
      expect(await snapshot(restored.db, started.id)).toEqual(original);
      // The sequences too: a new page after the restore does not collide with a restored id.
      const [inserted] = await restored.db.insert(pages).values({ scrapeId: started.id, url: site.url('/after-restore') }).returning({ id: pages.id });
      expect(inserted.id).toBeGreaterThan(Math.max(...original.pages.map((page) => page.id)));
    } finally {
      await restored.close();
    }
  });
});

describe('PGlite: dumpDataDir() tarball and loadDataDir', () => {
  it('round-trips the embedded database through a .tar.gz', async () => {
    // TRAWL_DATA_DIR of a stopped `npm start`: the database lives in <TRAWL_DATA_DIR>/pglite.
    const sourceDir = path.join(tmp, 'source');
    const source = await openDatabase({ dataDir: sourceDir });
    await source.migrate();
    const scrapeId = 'backup-pglite';
    await source.db.insert(scrapes).values({ id: scrapeId, url: 'https://example.com/', options: { maxPages: 1 }, optionsDigest: 'd', workflowId: `scrape-${scrapeId}` });
    await source.db.insert(runs).values({ scrapeId, workflowId: `scrape-${scrapeId}`, status: 'completed', pagesFetched: 1 });
    await source.db.insert(pages).values({
      scrapeId, url: 'https://example.com/', status: 'fetched', contentHash: 'abc', body: new Uint8Array([31, 139, 8, 0, 1, 2, 3]), bodyBytes: 7, fetchedAt: new Date(),
    });
    await source.db.insert(summaries).values({ scrapeId, scope: 'scrape', method: 'extractive', text: 'An example.' });
    const original = await snapshot(source.db, scrapeId);
    await source.close();

    // Backup (docs/operations.md): open the data directory, dump it, close it.
    const tarball = path.join(tmp, 'trawl-pglite.tar.gz');
    const dumping = new PGlite(path.join(sourceDir, 'pglite'));
    // dumpDataDir() before the database is ready never settles: wait for it first.
    await dumping.waitReady;
    const dump = await dumping.dumpDataDir('gzip');
    writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
    await dumping.close();
    expect(statSync(tarball).size).toBeGreaterThan(1000);

    // Restore into an empty TRAWL_DATA_DIR.
    const restoredDir = path.join(tmp, 'restored');
    mkdirSync(restoredDir, { recursive: true });
    const loading = new PGlite(path.join(restoredDir, 'pglite'), { loadDataDir: new Blob([readFileSync(tarball)]) });
    await loading.waitReady;
    await loading.close();

    const restored = await openDatabase({ dataDir: restoredDir });
    try {
      await restored.migrate();
      expect(await snapshot(restored.db, scrapeId)).toEqual(original);
      const [{ count }] = await restored.db.select({ count: sql<number>`count(*)::int` }).from(scrapes);
      expect(count).toBe(1);
    } finally {
      await restored.close();
    }
  }, 120_000); // PGlite on disk: migrating a fresh data directory alone takes several seconds
});
