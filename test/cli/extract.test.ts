import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { runCli } from './run-cli';

const ARTICLE = `<!doctype html><html lang="en"><head><title>Harbour notes</title>
<meta property="og:site_name" content="Coastal Weekly">
<meta name="author" content="Ada Marin">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour notes","author":{"@type":"Person","name":"Ada Marin"}}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Harbour notes</h1>
<p>The harbour was quiet this morning; the fishing boats left before dawn and came back with a modest catch of mackerel.</p>
<p>Harbour master Lee said the new breakwater has already reduced the swell inside the basin during the winter storms.</p>
<p>Read the <a href="archive/2023.html">archive</a> or the <a href="https://example.org/tides">tide tables</a>.</p>
</article></body></html>`;

const EXPECTED_KEYS = ['title', 'byline', 'publishedTime', 'lang', 'siteName', 'articleBody', 'markdown', 'links', 'structured', 'fields'];

let dir: string;
let articlePath: string;
let site: FixtureSite;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'trawl-cli-'));
  articlePath = path.join(dir, 'harbour.html');
  writeFileSync(articlePath, ARTICLE);
  site = await startFixtureSite();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await site?.close();
});

describe('trawl extract', () => {
  it('extracts a local file as JSON; its relative links resolve against its file: URL, so only absolute ones are listed', async () => {
    const { code, stdout, stderr } = await runCli(['extract', articlePath]);
    expect(code, stderr).toBe(0);
    const extraction = JSON.parse(stdout);
    for (const key of EXPECTED_KEYS) expect(extraction).toHaveProperty(key);
    expect(extraction).toMatchObject({ title: 'Harbour notes', lang: 'en', siteName: 'Coastal Weekly' });
    expect(extraction.byline).toContain('Ada Marin');
    expect(extraction.publishedTime).toContain('2024-03-05');
    expect(extraction.articleBody).toContain('new breakwater');
    expect(extraction.articleBody).not.toContain('Home');
    expect(extraction.links).toContain('https://example.org/tides');
    expect(extraction.structured.articles[0]).toMatchObject({ headline: 'Harbour notes', author: 'Ada Marin' });
    expect(JSON.stringify(extraction.links)).not.toContain('http://localhost/');
    // Relative links became file: URLs, which `links` (http and https only) leaves out.
    expect(JSON.stringify(extraction.links)).not.toContain('2023.html');
  });

  it('reads stdin with `-`; relative links resolve against --url, or http://localhost/ without it', async () => {
    const withBase = await runCli(['extract', '-', '--url', 'https://news.example.com/2024/harbour'], { input: ARTICLE });
    expect(withBase.code, withBase.stderr).toBe(0);
    const extraction = JSON.parse(withBase.stdout);
    expect(extraction.title).toBe('Harbour notes');
    expect(extraction.links).toContain('https://news.example.com/2024/archive/2023.html');
    expect(extraction.links).toContain('https://news.example.com/');

    const withoutBase = await runCli(['extract', '-'], { input: ARTICLE });
    expect(withoutBase.code, withoutBase.stderr).toBe(0);
    expect(JSON.parse(withoutBase.stdout).links).toContain('http://localhost/archive/2023.html');
  });

  it('fetches an http URL through the guarded fetcher (127.0.0.1 allowed by TRAWL_ALLOWED_HOSTS)', async () => {
    const { code, stdout, stderr } = await runCli(['extract', site.url('/p/3')], { env: { TRAWL_ALLOWED_HOSTS: '127.0.0.1' } });
    expect(code, stderr).toBe(0);
    const extraction = JSON.parse(stdout);
    expect(extraction.title).toBe('Product 3');
    expect(extraction.lang).toBe('en');
    expect(extraction.articleBody).toContain('sturdy fixture');
    expect(extraction.links).toContain(site.url('/p/4'));
    expect(extraction.structured.products[0]).toMatchObject({ name: 'Product 3', price: 13.99, currency: 'EUR' });
    expect(site.requests.some((request) => request.path === '/p/3' && String(request.headers['user-agent']).startsWith('TrawlBot'))).toBe(true);
  });

  it('prints only the Markdown with --format markdown', async () => {
    const { code, stdout, stderr } = await runCli(['extract', articlePath, '--format', 'markdown']);
    expect(code, stderr).toBe(0);
    expect(() => JSON.parse(stdout)).toThrow();
    expect(stdout).toContain('new breakwater');
    expect(stdout).toMatch(/\[tide tables\]\(https:\/\/example\.org\/tides\)/);
    expect(stdout.endsWith('\n')).toBe(true);
  });

  it('refuses a blocked address with one clear line and exit 1, without connecting', async () => {
    const { code, stdout, stderr } = await runCli(['extract', 'http://169.254.169.254/latest/meta-data/'], { timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^trawl: cannot fetch http:\/\/169\.254\.169\.254\/latest\/meta-data\/: blocked: address 169\.254\.169\.254 .* refused by the SSRF guard/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a loopback URL unless TRAWL_ALLOWED_HOSTS allows it', async () => {
    const { code, stderr } = await runCli(['extract', site.url('/p/3')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/blocked: .*TRAWL_ALLOWED_HOSTS/);
  });

  it('a missing file is one clear line and exit 1', async () => {
    const missing = path.join(dir, 'nope.html');
    const { code, stderr } = await runCli(['extract', missing]);
    expect(code).toBe(1);
    expect(stderr).toBe(`trawl: cannot read ${missing}: no such file\n`);
  });

  it.each([
    [['extract'], /extract expects <file-or-url\|->, got none/],
    [['extract', 'a.html', 'b.html'], /extract expects <file-or-url\|->, got "a.html" "b.html"/],
    [['extract', '-', '--format', 'xml'], /--format must be json or markdown, got "xml"/],
    [['extract', '-', '--url', 'relative/path'], /--url must be an absolute URL/],
    [['extract', 'http://example.com/', '--url', 'https://example.com/'], /--url applies to a file or stdin/],
    [['extract', 'ftp://example.com/page.html'], /only http:, https: and file: URLs/],
  ])('%j is a usage error: exit 2', async (args, message) => {
    const { code, stderr } = await runCli(args, { input: '' });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('--help documents the sources, the formats and --url', async () => {
    const { code, stdout } = await runCli(['extract', '--help']);
    expect(code).toBe(0);
    for (const text of ['--format', 'markdown', '--url', 'stdin', 'http://localhost/', 'TRAWL_ALLOWED_HOSTS']) expect(stdout).toContain(text);
  });
});
