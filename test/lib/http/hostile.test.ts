import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { compressedZeros, dripBody, hugeBody, startServer } from '../../fixtures/hostile-server';
import { expectFailure, serverAndFetcherPerTest, TEST_LIMITS, testFetcher } from './helpers';

const ONE_GB = 1024 ** 3;
const MB = 1024 * 1024;

const current = serverAndFetcherPerTest();
const { serve } = current;

/** Runs `work` while sampling RSS every few ms; returns its outcome and the peak growth over the starting RSS. */
async function withRssSampling<T>(work: () => Promise<T>): Promise<{ outcome: T; peakGrowthBytes: number; elapsedMs: number }> {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = performance.now();
  try {
    const outcome = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { outcome, peakGrowthBytes: peak - baseline, elapsedMs: performance.now() - started };
  } finally {
    clearInterval(sampler);
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ outcome: T; elapsedMs: number }> {
  const started = performance.now();
  const outcome = await work();
  return { outcome, elapsedMs: performance.now() - started };
}

describe('oversized bodies', () => {
  it('cuts a 1 GB chunked body off at maxBodyBytes while streaming, with bounded memory', async () => {
    const site = await serve(hugeBody(() => site, ONE_GB, { declareLength: false }));
    current.fetcher = testFetcher({ maxBodyBytes: 4 * MB, bodyTimeoutMs: 10_000 });
    const { outcome, peakGrowthBytes, elapsedMs } = await withRssSampling(() =>
      expectFailure(current.fetcher!.fetch(`${site.origin}/huge`), 'TooLarge', /body exceeds 4194304 bytes/),
    );
    console.info(`1 GB chunked body: TooLarge after ${elapsedMs.toFixed(0)} ms, peak RSS growth ${(peakGrowthBytes / MB).toFixed(1)} MB, server wrote ${(site.bytesWritten / MB).toFixed(1)} MB`);
    expect(outcome.retryable).toBe(false);
    expect(peakGrowthBytes).toBeLessThan(64 * MB);
    expect(site.bytesWritten).toBeLessThan(64 * MB);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('refuses a declared 1 GB Content-Length before reading the body', async () => {
    const site = await serve(hugeBody(() => site, ONE_GB, { declareLength: true }));
    current.fetcher = testFetcher();
    const { outcome, peakGrowthBytes } = await withRssSampling(() =>
      expectFailure(current.fetcher!.fetch(`${site.origin}/huge`), 'TooLarge', /content-length 1073741824 exceeds/),
    );
    expect(outcome.status).toBe(200);
    expect(peakGrowthBytes).toBeLessThan(64 * MB);
    expect(site.bytesWritten).toBeLessThan(64 * MB);
  });

  it.each(['gzip', 'br', 'deflate'] as const)('fails a %s bomb (64 MB of zeros) as TooLarge on the decompressed size', async (encoding) => {
    const bomb = await compressedZeros(64 * MB, encoding);
    expect(bomb.length).toBeLessThan(TEST_LIMITS.maxBodyBytes);
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': encoding, 'content-length': bomb.length }).end(bomb));
    current.fetcher = testFetcher();
    const { peakGrowthBytes } = await withRssSampling(() =>
      expectFailure(current.fetcher!.fetch(`${current.server!.origin}/bomb`), 'TooLarge', /after decompression/),
    );
    expect(peakGrowthBytes).toBeLessThan(64 * MB);
  });
});

describe('oversized headers', () => {
  it('fails 100 KB of response headers as TooLarge', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'x-padding': 'a'.repeat(100_000) }).end('x'));
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'TooLarge');
  });
});

describe('bodies that never finish', () => {
  it('ends an endless chunked response at the body deadline', async () => {
    await serve(dripBody(5, 'endless '.repeat(16)));
    current.fetcher = testFetcher();
    const { outcome, elapsedMs } = await timed(() => expectFailure(current.fetcher!.fetch(`${current.server!.origin}/`), 'Timeout', /body timed out after 800 ms/));
    expect(outcome.retryable).toBe(true);
    expect(elapsedMs).toBeGreaterThanOrEqual(TEST_LIMITS.bodyTimeoutMs - 50);
    expect(elapsedMs).toBeLessThan(TEST_LIMITS.bodyTimeoutMs + 700);
  });

  it('ends a slow-drip body (a byte every 50 ms, never idle long) at the overall deadline', async () => {
    await serve(dripBody(50, 'x', { 'content-length': 100_000 }));
    current.fetcher = testFetcher();
    const { elapsedMs } = await timed(() => expectFailure(current.fetcher!.fetch(`${current.server!.origin}/`), 'Timeout', /body timed out/));
    expect(elapsedMs).toBeLessThan(TEST_LIMITS.bodyTimeoutMs + 700);
  });

  it('ends a response whose headers never come at the headers deadline', async () => {
    await serve(() => undefined);
    current.fetcher = testFetcher();
    const { elapsedMs } = await timed(() => expectFailure(current.fetcher!.fetch(`${current.server!.origin}/`), 'Timeout'));
    expect(elapsedMs).toBeLessThan(TEST_LIMITS.connectTimeoutMs + TEST_LIMITS.headersTimeoutMs + 700);
  });
});

describe('redirect loops', () => {
  it('stops a 20-hop redirect loop at maxRedirects', async () => {
    await serve((req, res) => {
      const hop = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hop') ?? 0);
      res.writeHead(302, { location: `/loop?hop=${(hop + 1) % 20}` }).end();
    });
    current.fetcher = testFetcher({ maxRedirects: 5 });
    const { outcome, elapsedMs } = await timed(() =>
      expectFailure(current.fetcher!.fetch(`${current.server!.origin}/loop?hop=0`), 'TooManyRedirects', /more than 5 redirects/),
    );
    expect(outcome.retryable).toBe(false);
    expect(current.server!.requests).toHaveLength(6);
    expect(elapsedMs).toBeLessThan(1_000);
  });

  it('follows a chain exactly as long as the limit', async () => {
    await serve((req, res) => {
      const hop = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('hop') ?? 0);
      if (hop < 5) res.writeHead(307, { location: `?hop=${hop + 1}` }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('arrived');
    });
    current.fetcher = testFetcher({ maxRedirects: 5 });
    const response = await current.fetcher.fetch(`${current.server!.origin}/chain?hop=0`);
    expect(response.text).toBe('arrived');
    expect(response.redirects).toHaveLength(5);
  });
});

describe('content encodings', () => {
  const html = '<html><body>compressed café</body></html>';
  const encoders: Record<string, (input: Buffer) => Buffer> = {
    gzip: zlib.gzipSync,
    br: zlib.brotliCompressSync,
    deflate: zlib.deflateSync,
    'deflate (raw, as some servers send it)': zlib.deflateRawSync,
  };

  it.each(Object.keys(encoders))('decodes %s', async (name) => {
    const encoded = encoders[name](Buffer.from(html));
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': name.split(' ')[0] }).end(encoded));
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/`);
    expect(response.text).toBe(html);
    expect(current.server!.requests[0].headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('keeps the received bytes for storage when gzip was the only coding, and only then', async () => {
    const gzipped = zlib.gzipSync(Buffer.from(html));
    await serve((req, res) => {
      if (req.url === '/gzip') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipped);
      else if (req.url === '/br') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(zlib.brotliCompressSync(Buffer.from(html)));
      else if (req.url === '/stacked') res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, br' }).end(zlib.brotliCompressSync(gzipped));
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    current.fetcher = testFetcher();
    const fetchPath = (path: string) => current.fetcher!.fetch(`${current.server!.origin}${path}`);
    const kept = await fetchPath('/gzip');
    expect(kept.gzip).toEqual(gzipped);
    expect(zlib.gunzipSync(kept.gzip!)).toEqual(kept.body);
    for (const path of ['/br', '/stacked', '/plain']) {
      const response = await fetchPath(path);
      expect(response.text).toBe(html);
      expect(response.gzip).toBeNull();
    }
  });

  it('decodes stacked encodings in reverse order', async () => {
    const encoded = zlib.brotliCompressSync(zlib.gzipSync(Buffer.from(html)));
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip, br' }).end(encoded));
    current.fetcher = testFetcher();
    expect((await current.fetcher.fetch(`${current.server!.origin}/`)).text).toBe(html);
  });

  it('reports a corrupt gzip body as a NetworkError', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all')));
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'NetworkError', /decompress/);
  });

  it('rejects an unknown content-encoding', async () => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd-custom' }).end('x'));
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'UnsupportedContentType', /content-encoding zstd-custom/);
  });
});

describe('mislabelled and unlabelled charsets', () => {
  const cases: [string, Buffer, string, string, string][] = [
    ['latin-1 bytes labelled utf-8', Buffer.from('<p>café naïve</p>', 'latin1'), 'text/html; charset=utf-8', '<p>café naïve</p>', 'windows-1252'],
    ['a UTF-8 BOM overriding a latin-1 label', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>café</p>')]), 'text/html; charset=iso-8859-1', '<p>café</p>', 'utf-8'],
    ['a UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>café</p>', 'utf16le')]), 'text/html', '<p>café</p>', 'utf-16le'],
    [
      '<meta charset> windows-1251 without a header charset',
      Buffer.concat([Buffer.from('<meta charset="windows-1251"><p>'), Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), Buffer.from('</p>')]),
      'text/html',
      '<meta charset="windows-1251"><p>Привет</p>',
      'windows-1251',
    ],
    [
      '<meta http-equiv> shift_jis behind a false utf-8 header',
      Buffer.concat([
        Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>'),
        Buffer.from([0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd]),
        Buffer.from('</p>'),
      ]),
      'text/html; charset=utf-8',
      '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>こんにちは</p>',
      'shift_jis',
    ],
    ['valid UTF-8 behind a latin-1 header but a utf-8 meta', Buffer.from('<meta charset="utf-8"><p>żółć</p>'), 'text/html; charset=iso-8859-1', '<meta charset="utf-8"><p>żółć</p>', 'utf-8'],
    ['unlabelled UTF-8', Buffer.from('<p>日本語</p>'), 'text/html', '<p>日本語</p>', 'utf-8'],
    ['an unknown charset label', Buffer.from('<p>plain</p>'), 'text/html; charset=x-klingon', '<p>plain</p>', 'utf-8'],
  ];

  it.each(cases)('decodes %s', async (_name, body, contentType, expectedText, expectedCharset) => {
    await serve((_req, res) => res.writeHead(200, { 'content-type': contentType }).end(body));
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/`);
    expect(response.text).toBe(expectedText);
    expect(response.charset).toBe(expectedCharset);
    expect(response.body.equals(body)).toBe(true);
  });

  it('never throws on broken bytes in a multi-byte charset', async () => {
    const broken = Buffer.from([0x3c, 0x70, 0x3e, 0x82, 0xff, 0xfe, 0x81, 0x3c, 0x2f, 0x70, 0x3e]);
    await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=shift_jis' }).end(broken));
    current.fetcher = testFetcher();
    const response = await current.fetcher.fetch(`${current.server!.origin}/`);
    expect(response.charset).toBe('shift_jis');
    expect(response.text).toContain('\uFFFD');
  });
});

describe('connection failures', () => {
  it('reports a refused connection as a retryable NetworkError', async () => {
    const closed = await startServer(() => undefined);
    const { port } = closed;
    await closed.close();
    current.fetcher = testFetcher();
    const failure = await expectFailure(current.fetcher.fetch(`http://127.0.0.1:${port}/`), 'NetworkError', /ECONNREFUSED/);
    expect(failure.retryable).toBe(true);
  });

  it('reports a connection reset mid-body as a NetworkError', async () => {
    await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': 1000 });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
    });
    current.fetcher = testFetcher();
    await expectFailure(current.fetcher.fetch(`${current.server!.origin}/`), 'NetworkError');
  });

  it('ends a DNS lookup that never answers at the connect deadline', async () => {
    current.fetcher = testFetcher({ resolve: () => new Promise<string[]>(() => undefined) });
    const { elapsedMs } = await timed(() => expectFailure(current.fetcher!.fetch('http://hanging-dns.test/'), 'Timeout', /DNS lookup timed out/));
    expect(elapsedMs).toBeLessThan(TEST_LIMITS.connectTimeoutMs + 500);
  });
});

