import type { Scrape } from './api-types';
import type { CliIo } from './io';
import { describeProgress, formatElapsed, truncate } from './progress-line';

/** Shows a running scrape's progress on stderr. */
export interface ProgressReporter {
  update(scrape: Scrape): void;
  /** Ends the live line (if any) so later output starts on a fresh line. */
  finish(): void;
}

/** Plain lines: a changed state is printed at most once a second; an unchanged one again after 10 s (still alive). */
const PLAIN_MIN_INTERVAL_MS = 1_000;
const PLAIN_MAX_INTERVAL_MS = 10_000;

/** A live, redrawn progress bar when stderr is a terminal; periodic plain lines otherwise (logs, CI, pipes). */
export function createProgressReporter(stderr: CliIo['stderr'], now: () => number = Date.now): ProgressReporter {
  return stderr.isTTY ? liveBar(stderr, now) : plainLines(stderr, now);
}

function liveBar(stderr: CliIo['stderr'], now: () => number): ProgressReporter {
  const startedAt = now();
  let drawn = false;
  return {
    update(scrape) {
      const width = Math.max(20, (stderr.columns || 80) - 1);
      const line = `[${formatElapsed(now() - startedAt)}] ${describeProgress(scrape, { bar: true })}`;
      stderr.write(`\r\x1b[2K${truncate(line, width)}`);
      drawn = true;
    },
    finish() {
      if (drawn) stderr.write('\n');
      drawn = false;
    },
  };
}

function plainLines(stderr: CliIo['stderr'], now: () => number): ProgressReporter {
  const startedAt = now();
  let lastLine: string | undefined;
  let lastAt = -Infinity;
  return {
    update(scrape) {
      const line = describeProgress(scrape);
      const sinceLast = now() - lastAt;
      const due = line === lastLine ? sinceLast >= PLAIN_MAX_INTERVAL_MS : sinceLast >= PLAIN_MIN_INTERVAL_MS;
      if (!due) return;
      stderr.write(`[${formatElapsed(now() - startedAt)}] ${line}\n`);
      lastLine = line;
      lastAt = now();
    },
    finish() {},
  };
}
