/** What `trawl` exits with: 0 success, 1 the work failed (scrape failed or cancelled, input unreadable, API error), 2 a command-line mistake. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: printed as one line on stderr (never a stack trace), then the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = ExitCode.failed) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (unknown option, missing argument, a value of the wrong shape): exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}
