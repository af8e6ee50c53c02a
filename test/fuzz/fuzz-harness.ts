import { appendFileSync } from 'node:fs';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';

/** One generated request. `path` is the raw request target (path and query), already encoded as it should be sent. */
export interface FuzzRequest {
  /** The operation it aims at (`POST /v1/scrapes`) and what is wrong with it, for the report. */
  op: string;
  attack: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** It must not succeed: any 2xx is a bug (a write from a bad request, or an SSRF guard bypass). */
  mustReject: boolean;
  /**
   * The one place a valid body was broken (`notify.0.url`): a 400 must name it (or a parent, or a child) in
   * `details`, which shows that the body was valid but for that one thing.
   */
  brokenAt?: string;
}

const segments = (path: string) => (path === '(body)' || path === 'body' || path === '' ? [] : path.split('.'));
/** Whether one path contains the other (`rules` and `rules.price.selector`). */
export const related = (a: string, b: string) => {
  const [x, y] = [segments(a), segments(b)];
  const n = Math.min(x.length, y.length);
  return x.slice(0, n).join('.') === y.slice(0, n).join('.');
};

export interface Violation { rule: string; request: FuzzRequest; status?: number; answer: string; via: 'app' | 'socket' }

export type Transport = { kind: 'app'; fetch: (request: Request) => Response | Promise<Response> } | { kind: 'socket'; baseUrl: string };

const short = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
const show = (value: string | Uint8Array | undefined) => (value === undefined ? '' : typeof value === 'string' ? JSON.stringify(short(value)) : `<${value.length} bytes: ${short(Buffer.from(value).toString('hex'), 200)}>`);
const sizeOf = (r: FuzzRequest) => r.path.length + JSON.stringify(r.headers).length + (r.body?.length ?? 0);

export function describeRequest(r: FuzzRequest): string {
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${short(JSON.stringify(v).slice(1, -1), 120)}`).join('\n    ');
  return `${r.method} ${short(r.path, 300)}\n    ${headers}${r.body !== undefined ? `\n    body ${show(r.body)}` : ''}`;
}

const rowsOf = (result: any): any[] => (Array.isArray(result) ? result : result.rows);

/** Rows of every table of the public schema, in one round trip: what "nothing was written" is checked against. */
export async function rowCounter(db: Database): Promise<() => Promise<Record<string, number>>> {
  const tables = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`))
    .map((row) => String(row.table_name));
  if (tables.length === 0) throw new Error('no tables found to count');
  const query = sql.raw(`select ${tables.map((t) => `(select count(*) from "${t.replace(/"/g, '""')}")::int as "${t.replace(/"/g, '""')}"`).join(', ')}`);
  return async () => rowsOf(await db.execute(query))[0];
}

/**
 * The next transaction id: it moves whenever a transaction writes (or tries to), and reading it writes nothing.
 * A cheap test before counting every table's rows.
 */
export function writeMarker(db: Database): () => Promise<string> {
  const query = sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`;
  return async () => String(rowsOf(await db.execute(query))[0].xmax);
}

const diff = (before: Record<string, number>, after: Record<string, number>) =>
  Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]).map((t) => `${t}: ${before[t]} → ${after[t]}`).join(', ');

async function readBody(response: Response, decodeHere: boolean): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const encoding = decodeHere ? response.headers.get('content-encoding') : null;
  const decoded = encoding === 'gzip' ? gunzipSync(bytes) : encoding === 'deflate' ? inflateSync(bytes) : encoding === 'br' ? brotliDecompressSync(bytes) : bytes;
  return decoded.toString('utf8');
}

/**
 * Sends generated requests and checks every answer against the properties of a bad request: no 5xx, a JSON error
 * body `{ error: { code, message } }` with every 4xx, no success when it must be refused, and no row written.
 * Violations are collected (the run goes on), and reported grouped, with the shortest request of each group.
 */
export class Fuzzer {
  readonly sent = { app: 0, socket: 0 };
  readonly statuses = new Map<number, number>();
  readonly violations: Violation[] = [];
  /** Milliseconds spent per operation and kind of attack, to find what makes a run slow. */
  readonly time = new Map<string, { n: number; ms: number }>();
  private baseline: Record<string, number> | undefined;
  private marker: string | undefined;

  constructor(
    readonly countRows: () => Promise<Record<string, number>>,
    private readonly writeMarker: () => Promise<string>,
    /** Undoes what an accepted bad request started (e.g. terminates its workflow), so later requests are judged alone. */
    private readonly onAccepted?: (answer: string) => Promise<void>,
  ) {}

  async snapshot() {
    this.marker = await this.writeMarker();
    this.baseline = await this.countRows();
    return this.baseline;
  }

  private record(rule: string, request: FuzzRequest, via: 'app' | 'socket', status: number | undefined, answer: string) {
    this.violations.push({ rule, request, status, answer: short(answer, 600), via });
  }

  async send(request: FuzzRequest, transport: Transport): Promise<number | undefined> {
    const init: RequestInit = { method: request.method, headers: request.headers, body: request.body as BodyInit | undefined };
    const via = transport.kind;
    const started = performance.now();
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${request.op} | ${request.attack} | ${describeRequest(request).slice(0, 300)}\n`);
    let response: Response;
    if (transport.kind === 'app') {
      // A Request the generator makes must be constructible; a throw here is a bug of the generator, not of the app.
      const built = new Request(`http://127.0.0.1${request.path}`, init);
      try {
        response = await transport.fetch(built);
      } catch (error) {
        this.sent.app++;
        this.record('crash: the app threw instead of answering', request, via, undefined, String((error as Error)?.stack ?? error));
        return undefined;
      }
      this.sent.app++;
    } else {
      try {
        response = await fetch(`${transport.baseUrl}${request.path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      } catch (error) {
        this.sent.socket++;
        this.record('socket: no HTTP answer', request, via, undefined, `${(error as Error)?.message} ${(error as { cause?: Error })?.cause?.message ?? ''}`);
        return undefined;
      }
      this.sent.socket++;
    }
    const status = response.status;
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `  → ${status}\n`);
    const elapsed = performance.now() - started;
    const slot = `${request.op} | ${request.attack}`;
    const t = this.time.get(slot) ?? { n: 0, ms: 0 };
    this.time.set(slot, { n: t.n + 1, ms: t.ms + elapsed });
    if (elapsed > 5_000) console.log(`[fuzz] slow answer (${Math.round(elapsed)} ms, ${status}): ${request.op} ${request.attack}\n  ${describeRequest(request)}`);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const text = await readBody(response, transport.kind === 'app');
    if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `  → body read\n`);
    if (status >= 500) this.record(`${status} answer`, request, via, status, text);
    if (status >= 400) {
      let parsed: any;
      try { parsed = JSON.parse(text); } catch { /* checked below */ }
      const contentType = response.headers.get('content-type') ?? '';
      if (!/^application\/json\b/i.test(contentType) || typeof parsed?.error?.code !== 'string' || !parsed.error.code || typeof parsed.error.message !== 'string') {
        this.record('4xx/5xx body is not JSON { error: { code, message } }', request, via, status, `${contentType} ${text}`);
      }
    }
    if (request.brokenAt !== undefined && status === 400) {
      let paths: string[] = [];
      try { paths = (JSON.parse(text).error.details ?? []).map((d: { path: string }) => d.path); } catch { /* reported above */ }
      if (!paths.some((p) => related(p, request.brokenAt!))) {
        this.record(`the 400 does not name the broken field ${request.brokenAt}`, request, via, status, text);
      }
    }
    const accepted = request.mustReject && status >= 200 && status < 300;
    if (accepted) this.record('a bad request was accepted (2xx)', request, via, status, text);
    if (this.baseline) {
      const marker = await this.writeMarker();
      if (marker !== this.marker) {
        // Some transaction wrote, or tried to: did rows appear or disappear?
        this.marker = marker;
        const now = await this.countRows();
        const changed = diff(this.baseline, now);
        if (changed) {
          this.record('rows written by a refused or bad request', request, via, status, `${changed}; answer ${text}`);
          this.baseline = now;
        }
      }
      if (accepted && this.onAccepted) {
        await this.onAccepted(text).catch(() => {});
        await this.snapshot();
      }
    }
    return status;
  }

  /** Violations grouped by rule, operation, attack and status, each with its shortest request. */
  report(violations = this.violations): string {
    const groups = new Map<string, Violation[]>();
    for (const v of violations) {
      const code = /"code":"([^"]+)"/.exec(v.answer)?.[1] ?? '';
      const key = `${v.rule} | ${v.request.op} | ${v.request.attack} | ${v.status ?? '-'} ${code}`;
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    return [...groups].map(([key, list]) => {
      const smallest = list.reduce((a, b) => (sizeOf(b.request) < sizeOf(a.request) ? b : a));
      return `✗ ${key}  ×${list.length} (via ${smallest.via})\n  ${describeRequest(smallest.request)}\n  → ${smallest.answer}`;
    }).join('\n\n');
  }

  slowest(count = 8): string {
    return [...this.time].sort(([, a], [, b]) => b.ms - a.ms).slice(0, count)
      .map(([slot, { n, ms }]) => `${Math.round(ms)} ms / ${n} = ${Math.round(ms / n)} ms  ${slot}`).join('\n  ');
  }

  /** Violations added since `mark`, for a test that checks its own. */
  since(mark: number) {
    return this.violations.slice(mark);
  }
}
