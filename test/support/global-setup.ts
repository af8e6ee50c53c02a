import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client';
import { findTemporalCli } from '../../lib/temporal/cli';
import { startDevServer, type DevServer } from '../../lib/temporal/dev-server';
import { workflowsPath } from '../../worker/workflow-paths';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One real Temporal dev server, one freshly migrated PostgreSQL database and one workflow bundle per test run. */
export default async function setup(project: TestProject) {
  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    const cliPath = findTemporalCli();
    if (!cliPath) throw new Error('No Temporal CLI found: run `npm run temporal:install` first (or set TEMPORAL_ADDRESS)');
    // The dev server fires timers up to 1 s late by default, which would turn every 50 ms test retry into a second.
    server = await startDevServer({ cliPath, extraArgs: ['--dynamic-config-value', 'history.timerProcessorMaxTimeShift="10ms"'] });
    address = server.address;
  }

  const databaseUrl = await createRunDatabase(TEST_DATABASE_URL);
  const database = await openDatabase({ url: databaseUrl });
  await database.migrate();
  await database.close();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'trawl-test-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  writeFileSync(bundlePath, code);

  project.provide('temporalAddress', address);
  project.provide('databaseUrl', databaseUrl);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await server?.stop();
    await dropRunDatabase(TEST_DATABASE_URL, databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  };
}

/** A fresh database for this run beside TEST_DATABASE_URL's, so concurrent runs never share tables. */
async function createRunDatabase(baseUrl: string): Promise<string> {
  const name = `trawl_test_${process.pid}_${Date.now().toString(36)}`;
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function dropRunDatabase(baseUrl: string, runUrl: string): Promise<void> {
  const name = new URL(runUrl).pathname.slice(1);
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await sql.end();
  }
}

const noop = () => {};
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
