import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const launcher = path.join(repoRoot, 'cli', 'trawl.mjs');

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface CliRun {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once stderr so far matches `pattern`. */
  stderrMatching(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The process's end, with everything it printed; killed (and rejected) after `timeoutMs`. */
  result: Promise<CliResult>;
}

/**
 * Starts `node cli/trawl.mjs …args` as a real child process, from the repository root, with a minimal environment
 * (no TRAWL_* from the test process) plus `env`.
 */
export function startCli(args: string[], { env = {}, input, timeoutMs = 60_000 }: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): CliRun {
  const child = spawn(process.execPath, [launcher, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
  });
  let stdout = '';
  let stderr = '';
  const stderrListeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of stderrListeners) listener();
  });
  child.stdin.end(input);

  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`trawl ${args.join(' ')} did not end within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });

  const stderrMatching = (pattern: RegExp, waitMs = 30_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const match = stderr.match(pattern);
      if (!match) return;
      cleanup();
      resolve(match);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`stderr did not match ${pattern} within ${waitMs} ms; stderr so far: ${stderr}`));
    }, waitMs);
    const ended = () => {
      cleanup();
      reject(new Error(`trawl ended (code ${child.exitCode}) before stderr matched ${pattern}; stderr: ${stderr}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      stderrListeners.delete(check);
      child.off('close', ended);
    };
    stderrListeners.add(check);
    child.once('close', ended);
    check();
  });

  return { child, stderrMatching, result };
}

/** Runs `trawl …args` to the end. */
export function runCli(args: string[], options?: Parameters<typeof startCli>[1]): Promise<CliResult> {
  return startCli(args, options).result;
}
