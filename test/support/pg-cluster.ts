import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const execFileAsync = promisify(execFile);

export interface PgCluster {
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server (`pg_ctl stop -m fast`: every connection is closed) and starts it again after `downMs`. */
  restart(downMs?: number): Promise<{ stopMs: number; startMs: number }>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
  log(): string;
}

/** The PostgreSQL server binaries: PG_BIN_DIR, the Debian layout (newest version), /usr/local/bin, or pg_config --bindir. */
export function findPgBinDir(): string {
  // Debian/Ubuntu keep one directory per major version: newest first.
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)).map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const candidates = [process.env.PG_BIN_DIR, ...debian, '/usr/local/bin'];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH
  }
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl')));
  if (!found) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found; set PG_BIN_DIR');
  return found;
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, in a temporary directory, for tests that restart
 * the database (the shared server must never be restarted). initdb refuses to run as root: as root, the cluster
 * belongs to the `postgres` OS user and every pg_ctl runs as that user.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const binDir = findPgBinDir();
  const root = mkdtempSync(path.join(os.tmpdir(), 'trawl-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const run = async (tool: string, args: string[], timeoutMs = 60_000) => {
    const command = asRoot ? 'runuser' : path.join(binDir, tool);
    const fullArgs = asRoot ? ['-u', 'postgres', '--', path.join(binDir, tool), ...args] : args;
    try {
      return await execFileAsync(command, fullArgs, { timeout: timeoutMs, cwd: root });
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed: ${(error as Error).message}\n${log}`);
    }
  };

  await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = async () => {
    await run('pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', '-t', '30', 'start']);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  };
  await start();
  // Best effort if the test process ends without destroy(): stop the server (synchronously: 'exit' allows no more).
  const reap = () => {
    try {
      const args = ['-D', dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', path.join(binDir, 'pg_ctl'), ...args], { stdio: 'ignore' });
      else execFileSync(path.join(binDir, 'pg_ctl'), args, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', reap);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop,
    async restart(downMs = 1_000) {
      const t0 = Date.now();
      await stop('fast');
      const stopMs = Date.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      const t1 = Date.now();
      await start();
      return { stopMs, startMs: Date.now() - t1 };
    },
    async destroy() {
      process.removeListener('exit', reap);
      try {
        if (existsSync(path.join(dataDir, 'postmaster.pid'))) await stop('immediate');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
