import { durationOption, expectPositionals, integerOption, parseCommandArgs } from '../args';
import { createApiClient, resolveApiUrl, type ApiClient } from '../api-client';
import type { Scrape, ScrapeRequestBody, ScrapeStarted } from '../api-types';
import { CliError, ExitCode } from '../errors';
import { watchForInterrupt } from '../interrupt';
import type { CliIo } from '../io';
import { createProgressReporter } from '../progress-reporter';
import { formatScrapeReport } from '../scrape-report';
import { WatchTimeout, watchScrape } from '../watch-scrape';

export const scrapeHelp = `Usage: trawl scrape <url> [options]

Starts a scrape through the Trawl API, shows its progress on stderr until it ends, then prints the summary and
where to see the run.

Options:
  --max-pages N   fetch at most N pages (API default 1; the API accepts 1-1000)
  --max-depth N   follow same-site links up to N levels from <url> (API default 0; the API accepts 0-5)
  --follow        follow links one level deep: the same as --max-depth 1 unless --max-depth is given
                  (combine with --max-pages, or only the start page is fetched)
  --no-summary    do not summarise the pages
  --json          print the final scrape and its summary as JSON on stdout: { "scrape": …, "summary": … | null }
  --api URL       the Trawl API (default: $TRAWL_API_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --timeout D     stop waiting after D (e.g. 90s, 30m, 1h; a bare number is seconds; default 30m) — the scrape
                  itself keeps running, exit code 1
  -h, --help      show this help

Progress is a live bar when stderr is a terminal, and a line at most every second otherwise.
Ctrl-C cancels the scrape (POST /v1/scrapes/:id/cancel), waits briefly for it to end, and exits 1;
a second Ctrl-C exits at once.
With TRAWL_API_KEY set, every request carries "Authorization: Bearer $TRAWL_API_KEY".

Exit codes: 0 completed, 1 failed, cancelled, timed out or the API refused the request, 2 command-line mistake.

Example:
  trawl scrape https://example.com/docs/ --max-pages 20 --follow`;

const POLL_INTERVAL_MS = 500;
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
/** After Ctrl-C, how long to wait for the cancelled status before giving up. */
const CANCEL_WAIT_MS = 15_000;

interface ScrapeCommand {
  request: ScrapeRequestBody;
  apiUrl: string;
  json: boolean;
  timeoutMs: number;
}

/** `trawl scrape`: returns the exit code. */
export async function runScrapeCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const command = parseScrapeCommand(args, io);
  if (!command) {
    io.stdout.write(`${scrapeHelp}\n`);
    return ExitCode.ok;
  }
  if (command.request.maxDepth && command.request.maxPages === undefined) {
    io.stderr.write('note: without --max-pages only the start page is fetched (the API default is 1 page)\n');
  }
  const client = createApiClient({ baseUrl: command.apiUrl, apiKey: io.env.TRAWL_API_KEY || undefined });
  const interrupt = watchForInterrupt();
  try {
    const started = await client.startScrape(command.request);
    io.stderr.write(`Scrape ${started.id} started (workflow ${started.workflowId}): ${command.apiUrl}/v1/scrapes/${started.id} — Ctrl-C cancels it\n`);
    const final = await followScrape(client, started, command, io, interrupt.signal);
    if (!final) return ExitCode.failed;
    await printOutcome(client, final, command, io);
    return final.status === 'completed' ? ExitCode.ok : ExitCode.failed;
  } finally {
    interrupt.dispose();
  }
}

/** The parsed command, or null for --help. */
function parseScrapeCommand(args: string[], io: CliIo): ScrapeCommand | null {
  const { values, positionals } = parseCommandArgs('scrape', args, {
    'max-pages': { type: 'string' },
    'max-depth': { type: 'string' },
    follow: { type: 'boolean' },
    'no-summary': { type: 'boolean' },
    json: { type: 'boolean' },
    api: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return null;
  const [url] = expectPositionals('scrape', positionals, ['<url>']);
  const maxDepth = values['max-depth'] !== undefined ? integerOption('max-depth', values['max-depth']) : values.follow ? 1 : undefined;
  const request: ScrapeRequestBody = { url };
  if (values['max-pages'] !== undefined) request.maxPages = integerOption('max-pages', values['max-pages'], 1);
  if (maxDepth !== undefined) request.maxDepth = maxDepth;
  if (values['no-summary']) request.summarize = { enabled: false };
  return {
    request,
    apiUrl: resolveApiUrl(values.api, io.env),
    json: values.json ?? false,
    timeoutMs: values.timeout !== undefined ? durationOption('timeout', values.timeout) : DEFAULT_TIMEOUT_MS,
  };
}

/** Watches until the scrape ends; on Ctrl-C cancels it and returns undefined once it is over (or waiting gave up). */
async function followScrape(client: ApiClient, started: ScrapeStarted, command: ScrapeCommand, io: CliIo, interrupted: AbortSignal): Promise<Scrape | undefined> {
  const reporter = createProgressReporter(io.stderr);
  try {
    return await watchScrape(client, started.id, { intervalMs: POLL_INTERVAL_MS, timeoutMs: command.timeoutMs, signal: interrupted, onUpdate: reporter.update });
  } catch (error) {
    reporter.finish();
    if (interrupted.aborted) {
      await cancelAndWait(client, started, command, io);
      return undefined;
    }
    if (error instanceof WatchTimeout) {
      throw new CliError(`stopped waiting for scrape ${started.id}: ${error.message}; it goes on — see ${command.apiUrl}/v1/scrapes/${started.id}`);
    }
    throw error;
  } finally {
    reporter.finish();
  }
}

async function cancelAndWait(client: ApiClient, started: ScrapeStarted, command: ScrapeCommand, io: CliIo): Promise<void> {
  io.stderr.write(`Cancelling scrape ${started.id}…\n`);
  await client.cancelScrape(started.id);
  let final: Scrape;
  try {
    final = await watchScrape(client, started.id, { intervalMs: POLL_INTERVAL_MS / 2, timeoutMs: CANCEL_WAIT_MS });
  } catch (error) {
    if (!(error instanceof WatchTimeout)) throw error;
    throw new CliError(`asked to cancel scrape ${started.id}, but it is ${error.message}; see ${command.apiUrl}/v1/scrapes/${started.id}`);
  }
  await printOutcome(client, final, command, io);
  io.stderr.write(`trawl: scrape ${started.id} ${final.status === 'cancelled' ? 'cancelled' : `ended before it could be cancelled (${final.status})`}\n`);
}

/** The report (or JSON) on stdout; a failed scrape's reason also on stderr. */
async function printOutcome(client: ApiClient, scrape: Scrape, command: ScrapeCommand, io: CliIo): Promise<void> {
  const summaryRequested = command.request.summarize?.enabled !== false;
  const summary = summaryRequested && scrape.status === 'completed' ? await client.getSummary(scrape.id) : null;
  if (command.json) io.stdout.write(`${JSON.stringify({ scrape, summary }, null, 2)}\n`);
  else io.stdout.write(formatScrapeReport(scrape, summary, { apiUrl: command.apiUrl, summaryRequested }));
  if (scrape.status === 'failed') io.stderr.write(`trawl: scrape ${scrape.id} failed: ${scrape.error?.message ?? 'no reason recorded'}\n`);
}
