import { expectPositionals, integerOption, parseCommandArgs } from '../args';
import { createApiClient, resolveApiUrl } from '../api-client';
import { ExitCode, UsageError } from '../errors';
import type { CliIo } from '../io';

export const schedulesHelp = `Usage: trawl schedules <action> [arguments] [options]

Recurring scrapes on Temporal Schedules, through the Trawl API. Every answer is printed as JSON.

Actions:
  create <url> (--cron EXPR | --every D)   create a schedule (D: 30s, 5m, 1h, 1d)
      [--timezone TZ] [--overlap skip|buffer_one|buffer_all|allow_all|cancel_other|terminate_other]
      [--max-pages N] [--max-depth N] [--no-summary] [--paused]
      [--notify-url URL] [--notify-mode always|on_change|on_failure] [--failure-threshold N]
  list                                     the schedules, newest first
  show <id>                                spec, paused or not, next 5 run times, recent runs
  pause <id> [--note TEXT]                 no run while paused
  unpause <id> [--note TEXT]
  trigger <id>                             run once, now
  backfill <id> --start ISO --end ISO      run the actions of a past range (at most 7 days)
  history <id> --field NAME                a field's value over the completed runs
  delete <id>

Options: --api URL (default $TRAWL_API_URL, else http://127.0.0.1:$PORT), -h, --help.
With TRAWL_API_KEY set, requests carry "Authorization: Bearer $TRAWL_API_KEY".
Exit codes: 0 ok, 1 the API refused or could not be reached, 2 command-line mistake.`;

const options = {
  cron: { type: 'string' }, every: { type: 'string' }, timezone: { type: 'string' }, overlap: { type: 'string' },
  'max-pages': { type: 'string' }, 'max-depth': { type: 'string' }, 'no-summary': { type: 'boolean' }, paused: { type: 'boolean' },
  'notify-url': { type: 'string' }, 'notify-mode': { type: 'string' }, 'failure-threshold': { type: 'string' },
  note: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, field: { type: 'string' },
  api: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof options>>['values'];

function createBody(url: string, values: Values) {
  if (!values.cron === !values.every) throw new UsageError('schedules create needs exactly one of --cron or --every');
  return {
    scrape: {
      url,
      ...(values['max-pages'] ? { maxPages: integerOption('max-pages', values['max-pages'], 1) } : {}),
      ...(values['max-depth'] ? { maxDepth: integerOption('max-depth', values['max-depth']) } : {}),
      ...(values['no-summary'] ? { summarize: { enabled: false } } : {}),
    },
    ...(values.cron ? { cron: values.cron } : { interval: values.every }),
    ...(values.timezone ? { timezone: values.timezone } : {}),
    ...(values.overlap ? { overlap: values.overlap } : {}),
    ...(values.paused ? { paused: true } : {}),
    notify: {
      ...(values['notify-mode'] ? { mode: values['notify-mode'] } : {}),
      ...(values['failure-threshold'] ? { failureThreshold: integerOption('failure-threshold', values['failure-threshold'], 1) } : {}),
      webhooks: values['notify-url'] ? [{ url: values['notify-url'] }] : [],
    },
  };
}

export async function runSchedulesCommand(args: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('schedules', args, options);
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    (values.help ? io.stdout : io.stderr).write(`${schedulesHelp}\n`);
    return values.help ? ExitCode.ok : ExitCode.usage;
  }
  const api = createApiClient({ baseUrl: resolveApiUrl(values.api, io.env), apiKey: io.env.TRAWL_API_KEY || undefined });
  const path = (id: string, suffix = '') => `/v1/schedules/${encodeURIComponent(id)}${suffix}`;
  const one = (names: string[]) => expectPositionals(`schedules ${action}`, rest, names);
  let answer: unknown;
  switch (action) {
    case 'create': answer = await api.request('POST', '/v1/schedules', createBody(one(['<url>'])[0], values)); break;
    case 'list': one([]); answer = await api.request('GET', '/v1/schedules?limit=100'); break;
    case 'show': answer = await api.request('GET', path(one(['<id>'])[0])); break;
    case 'pause': case 'unpause': answer = await api.request('POST', path(one(['<id>'])[0], `/${action}`), values.note ? { note: values.note } : {}); break;
    case 'trigger': answer = await api.request('POST', path(one(['<id>'])[0], '/trigger')); break;
    case 'backfill':
      if (!values.start || !values.end) throw new UsageError('schedules backfill needs --start and --end (ISO 8601)');
      answer = await api.request('POST', path(one(['<id>'])[0], '/backfill'), { start: values.start, end: values.end });
      break;
    case 'history':
      if (!values.field) throw new UsageError('schedules history needs --field NAME');
      answer = await api.request('GET', path(one(['<id>'])[0], `/history?field=${encodeURIComponent(values.field)}`));
      break;
    case 'delete': await api.request('DELETE', path(one(['<id>'])[0])); answer = { deleted: rest[0] }; break;
    default: throw new UsageError(`unknown schedules action ${JSON.stringify(action)} (see trawl schedules --help)`);
  }
  io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  return ExitCode.ok;
}
