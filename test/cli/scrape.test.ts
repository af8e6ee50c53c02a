import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../api/auth/keys';
import { listen } from '../../api/serve';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { json, startPipeline, type Pipeline } from '../support/pipeline';
import { runCli, startCli } from './run-cli';

let pipeline: Pipeline;
let api: Awaited<ReturnType<typeof listen>>;
let site: FixtureSite;
/** The API requires a key (TRAWL_ADMIN_KEY), so every run below also proves the CLI sends TRAWL_API_KEY as a Bearer token. */
const apiKey = generateApiKey();
const withKey = { TRAWL_API_KEY: apiKey };

beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-cli', env: { TRAWL_ADMIN_KEY: apiKey } });
  api = await listen(pipeline.app, 0, '127.0.0.1');
  site = await startFixtureSite();
});
afterAll(async () => {
  await api?.close();
  await pipeline?.close();
  await site?.close();
});

const startedId = (stderr: string) => /Scrape (\S+) started/.exec(stderr)?.[1];

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('trawl scrape, against the real API, worker and Temporal server', () => {
  it('crawls, shows progress, and prints the final scrape and its extractive summary as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['scrape', site.url('/'), '--max-pages', '5', '--follow', '--api', api.url, '--json'], { env: withKey, timeoutMs: 90_000 });
    expect(code, stderr).toBe(0);
    const { scrape, summary } = JSON.parse(stdout);
    expect(scrape).toMatchObject({ status: 'completed', url: site.url('/'), workflowId: `scrape-${scrape.id}`, options: { maxPages: 5, maxDepth: 1 } });
    expect(scrape.progress.pagesFetched).toBe(5);
    expect(summary).toMatchObject({ scrapeId: scrape.id, method: 'extractive' });
    expect(summary.text.length).toBeGreaterThan(20);
    expect(startedId(stderr)).toBe(scrape.id);
    expect(stderr).toMatch(/pages fetched/); // stderr is a pipe: plain progress lines, no terminal escapes
    expect(stderr).not.toContain('\x1b[');
  });

  it('prints a readable report: outcome, the summary labelled as local and extractive, and where to see the run', async () => {
    const { code, stdout, stderr } = await runCli(['scrape', site.url('/article'), '--api', api.url], { env: withKey, timeoutMs: 90_000 });
    expect(code, stderr).toBe(0);
    const id = startedId(stderr);
    expect(stdout).toContain(`Scrape ${id} of ${site.url('/article')} completed: 1 page fetched, 0 failed`);
    expect(stdout).toMatch(/Summary \(local extractive summary: sentences picked from the pages by Trawl, not written by a model; 1 page; .*OPENAI_API_KEY/);
    expect(stdout).toMatch(/tides/i);
    expect(stdout).toContain(`Status:   ${api.url}/v1/scrapes/${id}`);
    expect(stdout).toContain(`Workflow: scrape-${id}`);
  });

  it('with --no-summary asks for no summary and prints none', async () => {
    const { code, stdout, stderr } = await runCli(['scrape', site.url('/p/2'), '--no-summary', '--json', '--api', api.url], { env: withKey, timeoutMs: 90_000 });
    expect(code, stderr).toBe(0);
    const { scrape, summary } = JSON.parse(stdout);
    expect(scrape.options.summarize.enabled).toBe(false);
    expect(summary).toBeNull();
  });

  it('a request the API refuses (4xx) prints its message and the `url` detail on one line, and exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['scrape', 'file:///etc/passwd', '--api', api.url], { env: withKey });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^trawl: the scrape request cannot be run \(HTTP 400 invalid_request\) — url: scheme file: is not allowed/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('without TRAWL_API_KEY the API answers 401, shown as its message on one line, exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['scrape', site.url('/'), '--api', api.url]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('trawl: an API key is required: send Authorization: Bearer trawl_… (HTTP 401 unauthorized) — set TRAWL_API_KEY to an API key (trawl keys create --help)\n');
  });

  it('an unreachable API is one clear line and exit 1', async () => {
    const port = await closedPort();
    const { code, stderr } = await runCli(['scrape', site.url('/'), '--api', `http://127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toContain(`trawl: cannot reach the Trawl API (POST http://127.0.0.1:${port}/v1/scrapes: connect ECONNREFUSED`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('Ctrl-C cancels the scrape through the API, waits for it to end cancelled, and exits 1', async () => {
    const slow = await startFixtureSite({ pages: 60, latencyMs: 150 });
    try {
      const run = startCli(['scrape', slow.url('/'), '--max-pages', '61', '--follow', '--api', api.url], { env: withKey, timeoutMs: 60_000 });
      const [, id] = await run.stderrMatching(/Scrape (\S+) started/);
      await run.stderrMatching(/crawling .*pages fetched/);
      run.child.kill('SIGINT');
      const { code, stdout, stderr } = await run.result;
      expect(code, stderr).toBe(1);
      expect(stderr).toContain(`Cancelling scrape ${id}`);
      expect(stderr).toContain(`trawl: scrape ${id} cancelled`);
      expect(stdout).toContain(`Scrape ${id} of ${slow.url('/')} cancelled`);
      const { body } = await json(pipeline.app.request(`/v1/scrapes/${id}`, { headers: { authorization: `Bearer ${apiKey}` } }));
      expect(body.status).toBe('cancelled');
      expect(body.progress.pagesFetched).toBeLessThan(61);
    } finally {
      await slow.close();
    }
  });
});

describe('trawl scrape command line', () => {
  it.each([
    [['scrape'], /scrape expects <url>, got none/],
    [['scrape', 'http://example.com/', '--max-pages', 'many'], /--max-pages must be a whole number/],
    [['scrape', 'http://example.com/', '--colour'], /Unknown option '--colour'/],
    [['scrape', 'http://example.com/', '--timeout', 'soon'], /--timeout must be a duration/],
    [['scrape', 'http://example.com/', '--api', 'not a url'], /the API URL "not a url" is not a URL/],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--help documents every option and exits 0', async () => {
    const { code, stdout } = await runCli(['scrape', '--help']);
    expect(code).toBe(0);
    for (const option of ['--max-pages', '--max-depth', '--follow', '--no-summary', '--json', '--api', '--timeout']) expect(stdout).toContain(option);
    expect(stdout).toMatch(/--follow .*same as --max-depth 1 unless --max-depth is given/);
  });
});
