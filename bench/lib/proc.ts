/** Child processes of the benchmark, and what /proc says about them (peak RSS, CPU time). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLOCK_TICKS_PER_S = 100; // getconf CLK_TCK on Linux x86_64

export const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** Every child the benchmark spawned and has not seen exit: killed (by pid) when the benchmark stops. */
const live = new Set<ChildProcess>();

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** stdout and stderr, the last 64 KB of each. */
  output(): { stdout: string; stderr: string };
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Runs `node --import tsx <script>` (one process, so its pid is the one measured, unlike the tsx CLI which forks), with
 * an IPC channel. `discardStdout` sends stdout to /dev/null, for a server whose log must not cost this process CPU.
 */
export function spawnTs(
  script: string, args: string[] = [], env: Record<string, string | undefined> = {}, nodeArgs: string[] = [],
  { discardStdout = false } = {},
): Spawned {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, ...env },
    stdio: ['ignore', discardStdout ? 'ignore' : 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout = (stdout + chunk.toString()).slice(-65_536); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-65_536); });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
    child.once('error', () => {
      live.delete(child);
      resolve(null);
    });
  });
  return {
    child,
    pid: child.pid!,
    exited,
    output: () => ({ stdout, stderr }),
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running (by pid); for the benchmark's exit path. */
export function killAllSpawned(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Waits for a line of stdout matching `pattern`, bounded in time. */
export function waitForLine(spawned: Spawned, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) {
        cleanup();
        resolve(match);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what} exited (${code}) before it was ready:\n${spawned.output().stderr.slice(-4000)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what} was not ready within ${timeoutMs} ms:\n${spawned.output().stderr.slice(-4000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      spawned.child.stdout!.off('data', onData);
      spawned.child.off('exit', onExit);
    };
    spawned.child.stdout!.on('data', onData);
    spawned.child.once('exit', onExit);
  });
}

/** Sends a message over IPC and waits for the reply of the same `type`, bounded in time. */
export function ask<T>(spawned: Spawned, message: { type: string }, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { type?: string }) => {
      if (reply?.type !== message.type) return;
      clearTimeout(timer);
      spawned.child.off('message', onMessage);
      resolve(reply as T);
    };
    const timer = setTimeout(() => {
      spawned.child.off('message', onMessage);
      reject(new Error(`no '${message.type}' reply within ${timeoutMs} ms`));
    }, timeoutMs);
    spawned.child.on('message', onMessage);
    spawned.child.send(message);
  });
}

function readStatus(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) and current RSS in MB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { peakRssMb: number; rssMb: number } | null {
  const status = readStatus(pid);
  if (!status) return null;
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** User + system CPU time of a process in ms (its threads included), from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1000; // utime, stime
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmdline: string }[] {
  const out: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      out.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The pids of this process's children whose command line matches. */
export function childPidsMatching(pattern: RegExp): number[] {
  return processes().filter((p) => p.ppid === process.pid && pattern.test(p.cmdline)).map((p) => p.pid);
}

/** PostgreSQL backends serving `database` (their titles read `postgres: user database host …`). */
export function postgresBackendsOf(database: string): number[] {
  return processes().filter((p) => p.cmdline.startsWith('postgres: ') && p.cmdline.split(' ').includes(database)).map((p) => p.pid);
}

/**
 * CPU time spent by a set of processes between two samples. PostgreSQL backends come and go, so the set is
 * re-discovered at each sample; a backend that exited between samples loses its last share (small: pools keep
 * connections open for the whole crawl).
 */
export function sampleCpu(groups: Record<string, () => number[]>): Record<string, Map<number, number>> {
  const out: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(groups)) out[name] = new Map(pids().map((pid) => [pid, cpuMsOf(pid)]));
  return out;
}

export function cpuBetween(before: Record<string, Map<number, number>>, after: Record<string, Map<number, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, samples] of Object.entries(after)) {
    let total = 0;
    for (const [pid, ms] of samples) total += ms - (before[name]?.get(pid) ?? 0);
    out[name] = Math.round(total);
  }
  return out;
}

/** CPU time the whole machine spent busy (all cores: user, nice, system, irq, softirq, steal), ms. */
export function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return ((user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_S) * 1000;
}

/** The machine: CPU model, cores, memory, load. */
export function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  return {
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown',
    cores: (cpuinfo.match(/^processor\s*:/gm) ?? []).length,
    memoryGb: Math.round(Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0) / 1024 / 1024),
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    node: process.version,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  };
}
