import {
  createApiKey, generateApiKey, KeyInputError, listApiKeys, revokeApiKey, type ApiKeyView,
} from '../../api/auth/keys';
import { openDatabase, type DatabaseHandle } from '../../db/client';
import { apiKeyScopes } from '../../db/schema-auth';
import { parseConfig } from '../../lib/config';
import { expectPositionals, parseCommandArgs } from '../args';
import { CliError, ExitCode, UsageError } from '../errors';
import { processIo, type CliIo } from '../io';

export const keysHelp = `Usage: trawl keys <create|list|revoke|generate> [options]

Manages the API keys of the Trawl API directly in its database (DATABASE_URL, or the embedded PGlite database in
TRAWL_DATA_DIR), so the first key can be made before any key exists. Keys are stored only as SHA-256 hashes: a new
key is printed once and cannot be shown again.

  trawl keys create --name N [--tenant T] [--scopes read,write] [--json]
                  create a key and print it (only the key on stdout; details on stderr, or all of it with --json).
                  --tenant defaults to "default"; --scopes to read,write (${apiKeyScopes.join(', ')}:
                  write implies read, admin implies both and manages keys of every tenant)
  trawl keys list [--tenant T] [--json]
                  list keys, newest first, revoked ones included: id, tenant, name, prefix, scopes, dates
  trawl keys revoke <id>
                  revoke a key: it stops working at once (it stays listed, marked revoked)
  trawl keys generate
                  print a fresh random key without storing it, e.g. for TRAWL_ADMIN_KEY

With the embedded PGlite database only one process may open it: stop \`npm start\` first, or (while the API still
runs open on a loopback address) create the first key with POST /v1/keys instead.

Exit codes: 0 done, 1 failed (no such key, database unreachable), 2 command-line mistake.

Examples:
  trawl keys create --name ops --scopes admin
  trawl keys create --name acme-ci --tenant acme --scopes read,write
  trawl keys list
  trawl keys revoke 01jd3k5q2x0000000000000000`;

export interface KeysCommandOptions {
  /** An already open (and migrated) database, kept open afterwards; without it the environment's is opened and closed. */
  database?: DatabaseHandle;
}

/**
 * `trawl keys …`: `argv` is what follows `keys`. Returns the exit code; expected failures are one line on stderr.
 * Wiring for cli/main.ts: `keys: async () => (await import('./commands/keys')).keysCommand`.
 */
export async function keysCommand(argv: string[], io: CliIo = processIo, options: KeysCommandOptions = {}): Promise<ExitCode> {
  try {
    return await runKeys(argv, io, options);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`trawl: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function runKeys(argv: string[], io: CliIo, options: KeysCommandOptions): Promise<ExitCode> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') {
    (action === undefined ? io.stderr : io.stdout).write(`${keysHelp}\n`);
    return action === undefined ? ExitCode.usage : ExitCode.ok;
  }
  switch (action) {
    case 'create': {
      const { values, positionals } = parseCommandArgs('keys create', rest, {
        name: { type: 'string' }, tenant: { type: 'string' }, scopes: { type: 'string', default: 'read,write' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      });
      if (values.help) return help(io);
      expectPositionals('keys create', positionals, []);
      if (!values.name) throw new UsageError('keys create needs --name (see trawl keys --help)');
      const scopes = values.scopes.split(',').map((scope) => scope.trim()).filter(Boolean);
      const name = values.name;
      const created = await withDatabase(io, options, async (handle) => {
        try {
          return await createApiKey(handle.db, { name, tenantId: values.tenant, scopes });
        } catch (error) {
          if (error instanceof KeyInputError) throw new UsageError(`keys create: ${error.message}`);
          throw error;
        }
      });
      if (values.json) {
        io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      } else {
        io.stdout.write(`${created.key}\n`);
        io.stderr.write(`Created key ${created.id} "${created.name}" for tenant ${created.tenantId} with scopes ${created.scopes.join(', ')}.\n`
          + 'The key above is shown only now: store it safely (only its hash is kept). Use it as: Authorization: Bearer <key>\n');
      }
      return ExitCode.ok;
    }
    case 'list': {
      const { values, positionals } = parseCommandArgs('keys list', rest, {
        tenant: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      });
      if (values.help) return help(io);
      expectPositionals('keys list', positionals, []);
      const keys = await withDatabase(io, options, (handle) => listApiKeys(handle.db, { tenantId: values.tenant, limit: 10_000 }));
      io.stdout.write(values.json ? `${JSON.stringify(keys, null, 2)}\n` : table(keys));
      return ExitCode.ok;
    }
    case 'revoke': {
      const { values, positionals } = parseCommandArgs('keys revoke', rest, { help: { type: 'boolean', short: 'h' } });
      if (values.help) return help(io);
      const [id] = expectPositionals('keys revoke', positionals, ['<id>']);
      const revoked = await withDatabase(io, options, (handle) => revokeApiKey(handle.db, id));
      if (!revoked) throw new CliError(`keys revoke: no key with id ${JSON.stringify(id)} (see trawl keys list)`);
      io.stdout.write(`revoked ${revoked.id} "${revoked.name}" (tenant ${revoked.tenantId}) at ${revoked.revokedAt}\n`);
      return ExitCode.ok;
    }
    case 'generate': {
      const { values, positionals } = parseCommandArgs('keys generate', rest, { help: { type: 'boolean', short: 'h' } });
      if (values.help) return help(io);
      expectPositionals('keys generate', positionals, []);
      io.stdout.write(`${generateApiKey()}\n`);
      return ExitCode.ok;
    }
    default:
      throw new UsageError(`keys: unknown action ${JSON.stringify(action)} (use create, list, revoke or generate; see trawl keys --help)`);
  }
}

function help(io: CliIo): ExitCode {
  io.stdout.write(`${keysHelp}\n`);
  return ExitCode.ok;
}

async function withDatabase<T>(io: CliIo, options: KeysCommandOptions, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  if (options.database) return work(options.database);
  let config;
  try {
    config = parseConfig(io.env);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TRAWL_DATA_DIR });
    await handle.migrate().catch(async (error) => {
      await handle.close().catch(() => {});
      throw error;
    });
  } catch (error) {
    const where = config.DATABASE_URL ? 'the database at DATABASE_URL' : `the PGlite database in ${config.TRAWL_DATA_DIR}`;
    throw new CliError(`could not open ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

function table(keys: ApiKeyView[]): string {
  if (keys.length === 0) return 'no API keys (create one with: trawl keys create --name N --scopes admin)\n';
  const rows = [
    ['ID', 'TENANT', 'NAME', 'PREFIX', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((key) => [key.id, key.tenantId, key.name, `${key.prefix}…`, key.scopes.join(','), key.createdAt, key.lastUsedAt ?? '-', key.revokedAt ?? '-']),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n') + '\n';
}
