import { extractPage } from '../../lib/extract';
import { expectPositionals, parseCommandArgs } from '../args';
import { ExitCode, UsageError } from '../errors';
import { readExtractInput, STDIN_BASE_URL } from '../extract-input';
import type { CliIo } from '../io';

export const extractHelp = `Usage: trawl extract <file-or-url|-> [options]

Prints what a scrape's parse step extracts from one page: title, byline, published time, language, site name, main
text (articleBody), Markdown, links, structured data (JSON-LD, …) and fields. Needs no API, database or Temporal.

The page is read from:
  <file>          a local file (or a file: URL); relative links resolve against its file: URL, and \`links\`
                  (http and https only) leaves those out: pass --url to keep them
  -               stdin; relative links resolve against ${STDIN_BASE_URL} unless --url is given
  http(s)://…     fetched like a scrape fetches: same SSRF guard, timeouts and size limits, configured by the same
                  environment variables (private and loopback addresses need TRAWL_ALLOWED_HOSTS, e.g.
                  TRAWL_ALLOWED_HOSTS=127.0.0.1); relative links resolve against the final URL after redirects

Options:
  --format F      json (default): the whole extraction as JSON; markdown: only the Markdown
  --url BASE      base URL for relative links of a file or stdin (not allowed with an http(s) source)
  -h, --help      show this help

Exit codes: 0 printed, 1 the input could not be read or fetched (missing file, blocked or failed URL),
2 command-line mistake.

Examples:
  trawl extract page.html
  curl -s https://example.com/ | trawl extract - --url https://example.com/ --format markdown
  trawl extract https://example.com/post`;

const FORMATS = ['json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** `trawl extract`: returns the exit code. */
export async function runExtractCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('extract', args, {
    format: { type: 'string', default: 'json' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(`${extractHelp}\n`);
    return ExitCode.ok;
  }
  const [source] = expectPositionals('extract', positionals, ['<file-or-url|->']);
  const format = parseFormat(values.format);
  const baseUrl = values.url === undefined ? undefined : parseBaseUrl(values.url);

  const input = await readExtractInput(source, baseUrl, io);
  const extraction = extractPage(input.html, input.baseUrl);
  io.stdout.write(format === 'markdown' ? withFinalNewline(extraction.markdown) : `${JSON.stringify(extraction, null, 2)}\n`);
  return ExitCode.ok;
}

function parseFormat(value: string | undefined): Format {
  if (FORMATS.includes(value as Format)) return value as Format;
  throw new UsageError(`--format must be ${FORMATS.join(' or ')}, got ${JSON.stringify(value)}`);
}

function parseBaseUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    throw new UsageError(`--url must be an absolute URL such as https://example.com/, got ${JSON.stringify(value)}`);
  }
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
