import { CliError, ExitCode } from './errors';
import { processIo, type CliIo } from './io';

export const mainHelp = `Usage: trawl <command> [options]

Commands:
  scrape <url>               start a scrape through the Trawl API, follow its progress, print its summary
  extract <file-or-url|->    print what Trawl extracts from one page (JSON or Markdown); needs no API
  schedules <action>         create, list, show, pause, unpause, trigger, backfill, history or delete recurring scrapes
  keys <action>              create, list or revoke the API's keys, directly in its database

Run trawl <command> --help for a command's options.
Exit codes: 0 ok, 1 the work failed (scrape failed or cancelled, API error, unreadable input), 2 command-line mistake.`;

/** Each command loads only its own module (extract never loads the API client, scrape never loads the extractor). */
const commands: Record<string, () => Promise<(args: string[], io: CliIo) => Promise<ExitCode>>> = {
  scrape: async () => (await import('./commands/scrape')).runScrapeCommand,
  extract: async () => (await import('./commands/extract')).runExtractCommand,
  schedules: async () => (await import('./commands/schedules')).runSchedulesCommand,
  keys: async () => (await import('./commands/keys')).keysCommand,
};

/** Runs `trawl` with `argv` (without node and the script) and returns the exit code; expected errors become one line on stderr. */
export async function main(argv: string[], io: CliIo = processIo): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${mainHelp}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    io.stderr.write(`trawl: unknown command ${JSON.stringify(name)}\n\n${mainHelp}\n`);
    return ExitCode.usage;
  }
  try {
    return await (await load())(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`trawl: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`trawl: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failed;
  }
}

/** The process entry (cli/trawl.mjs): runs `main`, lets stdout and stderr drain, then exits with its code. */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<never> {
  const code = await main(argv);
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  process.exit(code);
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}
