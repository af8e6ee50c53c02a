import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkUrlLiteral, type Fetcher } from '../../../lib/http';
import { startServer, startTlsServer, startTrap, type TestServer } from '../../fixtures/hostile-server';
import { expectFailure, tableResolver, testFetcher } from './helpers';

/**
 * Every vector must be refused before any socket opens. Trap servers listen on the blocked addresses this machine
 * can bind; their connection counters must stay at zero through the whole file.
 */
let traps: Record<'loopback' | 'loopback2' | 'v6loopback' | 'uniqueLocal' | 'documentation', TestServer | null>;
let redirector: TestServer;
let strict: Fetcher;
let loopbackAllowed: Fetcher;
const resolver = tableResolver({});

const trapPort = (name: keyof typeof traps) => traps[name]?.port ?? 9;
const trapPorts = () => Object.values(traps).flatMap((trap) => (trap ? [trap.port] : []));

beforeAll(async () => {
  traps = {
    loopback: await startTrap('127.0.0.1'),
    loopback2: await startTrap('127.0.0.2'),
    v6loopback: await startTrap('::1'),
    uniqueLocal: await startTrap('fd00::2'),
    documentation: await startTrap('192.0.2.2'),
  };
  expect(traps.loopback).not.toBeNull();
  expect(traps.loopback2).not.toBeNull();

  Object.assign(
    resolver,
    tableResolver({
      'loopback.test': ['127.0.0.1'],
      'loopback2.test': ['127.0.0.2'],
      'mixed.test': ['93.184.216.34', '127.0.0.2'],
      'mapped.test': ['::ffff:127.0.0.1'],
      'v6.test': ['::1'],
      'ula.test': ['fd00::2'],
      'metadata-alias.test': ['169.254.169.254'],
      'private.test': ['10.0.0.5'],
      'garbage.test': ['not-an-address'],
    }),
  );
  // Ports of the traps are allowed, so what blocks each vector is the address rule, not the port rule.
  strict = testFetcher({ allowedHosts: [], allowedPorts: trapPorts(), resolve: resolver.resolve });

  redirector = await startServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    res.writeHead(302, { location: target ?? '/' }).end();
  });
  loopbackAllowed = testFetcher({ allowedHosts: ['127.0.0.1'], allowedPorts: trapPorts(), resolve: resolver.resolve });
});

afterEach(() => {
  for (const [name, trap] of Object.entries(traps)) expect(trap?.connections ?? 0, `connections to trap ${name}`).toBe(0);
});

afterAll(async () => {
  await Promise.all([strict.close(), loopbackAllowed.close(), redirector.close()]);
  await Promise.all(Object.values(traps).map((trap) => trap?.close()));
});

describe('SSRF guard: direct vectors', () => {
  const vectors: [string, () => string, RegExp][] = [
    ['DNS name resolving to 127.0.0.1', () => `http://loopback.test:${trapPort('loopback')}/`, /loopback\.test resolves to 127\.0\.0\.1 is loopback/],
    ['DNS name resolving to 127.0.0.2', () => `http://loopback2.test:${trapPort('loopback2')}/`, /127\.0\.0\.2 is loopback/],
    ['name resolving to one public and one private address', () => `http://mixed.test:${trapPort('loopback2')}/`, /mixed\.test resolves to 127\.0\.0\.2 is loopback/],
    ['name resolving to ::ffff:127.0.0.1', () => `http://mapped.test:${trapPort('loopback')}/`, /IPv4-mapped form of 127\.0\.0\.1, which is loopback/],
    ['name resolving to ::1', () => `http://v6.test:${trapPort('v6loopback')}/`, /::1 is loopback/],
    ['name resolving to a unique-local address', () => `http://ula.test:${trapPort('uniqueLocal')}/`, /fd00::2 is unique-local/],
    ['name resolving to the metadata address', () => 'http://metadata-alias.test/', /169\.254\.169\.254 is cloud metadata/],
    ['name resolving to 10/8', () => 'http://private.test/', /10\.0\.0\.5 is private \(10\.0\.0\.0\/8\)/],
    ['resolver answer that is not an address', () => 'http://garbage.test/', /not-an-address is not an IP address/],
    ['plain 127.0.0.1', () => `http://127.0.0.1:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['decimal IPv4', () => `http://2130706433:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['octal IPv4', () => `http://0177.0.0.1:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['hex IPv4', () => `http://0x7f.1:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['hex IPv4 as one number', () => `http://0x7f000002:${trapPort('loopback2')}/`, /127\.0\.0\.2 is loopback/],
    ['short IPv4', () => `http://127.1:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['userinfo hiding the real host', () => `http://example.com@127.0.0.1:${trapPort('loopback')}/`, /127\.0\.0\.1 is loopback/],
    ['IPv6 loopback', () => `http://[::1]:${trapPort('v6loopback')}/`, /::1 is loopback/],
    ['IPv4-mapped dotted', () => `http://[::ffff:127.0.0.1]:${trapPort('loopback')}/`, /IPv4-mapped form of 127\.0\.0\.1/],
    ['IPv4-mapped hex', () => `http://[::ffff:7f00:1]:${trapPort('loopback')}/`, /IPv4-mapped form of 127\.0\.0\.1/],
    ['IPv4-compatible', () => `http://[::127.0.0.1]:${trapPort('loopback')}/`, /IPv4-compatible form of 127\.0\.0\.1/],
    ['NAT64 of loopback', () => `http://[64:ff9b::7f00:1]:${trapPort('loopback')}/`, /NAT64 form of 127\.0\.0\.1/],
    ['6to4 of loopback', () => `http://[2002:7f00:1::]:${trapPort('loopback')}/`, /6to4 form of 127\.0\.0\.1/],
    ['Teredo with a loopback client', () => `http://[2001:0:808:808::80ff:fffe]:${trapPort('loopback')}/`, /Teredo form of 127\.0\.0\.1/],
    ['unique-local IPv6 of this machine', () => `http://[fd00::2]:${trapPort('uniqueLocal')}/`, /unique-local/],
    ['documentation IPv4 of this machine', () => `http://192.0.2.2:${trapPort('documentation')}/`, /TEST-NET-1/],
    ['metadata 169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is cloud metadata endpoint/],
    ['metadata as decimal', () => 'http://2852039166/', /169\.254\.169\.254 is cloud metadata/],
    ['metadata as hex octets', () => 'http://0xa9.0xfe.0xa9.0xfe/', /169\.254\.169\.254 is cloud metadata/],
    ['metadata as octal octets', () => 'http://0251.0376.0251.0376/', /169\.254\.169\.254 is cloud metadata/],
    ['metadata IPv4-mapped', () => 'http://[::ffff:169.254.169.254]/', /IPv4-mapped form of 169\.254\.169\.254/],
    ['metadata via NAT64', () => 'http://[64:ff9b::a9fe:a9fe]/', /NAT64 form of 169\.254\.169\.254/],
    ['AWS IPv6 metadata', () => 'http://[fd00:ec2::254]/', /cloud metadata endpoint/],
    ['Alibaba metadata', () => 'http://100.100.100.200/', /cloud metadata endpoint/],
    ['metadata.google.internal', () => 'http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal is a cloud metadata name/],
    ['metadata short name', () => 'http://metadata/', /hostname metadata is a cloud metadata name/],
    ['localhost', () => `http://localhost:${trapPort('loopback')}/`, /localhost is a loopback name/],
    ['*.localhost in capitals with a trailing dot', () => 'http://API.LOCALHOST./', /api\.localhost is a loopback name/],
    ['link-local IPv6', () => 'http://[fe80::1]/', /link-local/],
    ['CGNAT', () => 'http://100.64.0.1/', /carrier-grade NAT/],
    ['private 172.16/12', () => 'http://172.31.255.255/', /private \(172\.16\.0\.0\/12\)/],
    ['private 192.168/16', () => 'http://192.168.1.1/', /private \(192\.168\.0\.0\/16\)/],
    ['unspecified 0.0.0.0', () => `http://0.0.0.0:${trapPort('loopback')}/`, /unspecified/],
    ['unspecified ::', () => 'http://[::]/', /unspecified/],
    ['broadcast', () => 'http://255.255.255.255/', /broadcast/],
    ['multicast', () => 'http://224.0.0.1/', /multicast/],
    ['file: scheme', () => 'file:///etc/passwd', /scheme file: is not allowed/],
    ['javascript: scheme', () => 'javascript:alert(1)', /scheme javascript: is not allowed/],
    ['gopher: scheme', () => `gopher://127.0.0.1:${trapPort('loopback')}/_GET`, /scheme gopher: is not allowed/],
    ['ftp: scheme', () => 'ftp://example.com/', /scheme ftp: is not allowed/],
    ['disallowed port', () => 'http://93.184.216.34:22/', /port 22 is not allowed/],
  ];

  it.each(vectors)('blocks %s', async (_name, url, reason) => {
    const failure = await expectFailure(strict.fetch(url()), 'BlockedAddress', reason);
    expect(failure.retryable).toBe(false);
  });

  it('checkUrlLiteral refuses every vector that needs no DNS, with the same reason', () => {
    for (const [, url, reason] of vectors.filter(([name]) => !/resolv/.test(name))) {
      const verdict = checkUrlLiteral(url(), [], trapPorts());
      expect(verdict.ok, url()).toBe(false);
      if (!verdict.ok) expect(verdict.reason).toMatch(reason);
    }
  });

  it('needs no DNS for literal vectors: the resolver only saw the names it was meant to', () => {
    expect(new Set(resolver.calls)).toEqual(
      new Set(['loopback.test', 'loopback2.test', 'mixed.test', 'mapped.test', 'v6.test', 'ula.test', 'metadata-alias.test', 'private.test', 'garbage.test']),
    );
  });
});

describe('SSRF guard: redirects are checked on every hop', () => {
  const redirectTo = (target: string) => `${redirector.origin}/?to=${encodeURIComponent(target)}`;

  it.each([
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is cloud metadata/],
    ['[::1] on a listening port', () => `http://[::1]:${trapPort('v6loopback')}/`, /::1 is loopback/],
    ['127.0.0.2 (loopback, but not the allowed 127.0.0.1)', () => `http://127.0.0.2:${trapPort('loopback2')}/`, /127\.0\.0\.2 is loopback/],
    ['a decimal-encoded 127.0.0.2', () => `http://2130706434:${trapPort('loopback2')}/`, /127\.0\.0\.2 is loopback/],
    ['a name resolving to 127.0.0.2', () => `http://loopback2.test:${trapPort('loopback2')}/`, /127\.0\.0\.2 is loopback/],
    ['a file: URL', () => 'file:///etc/passwd', /scheme file: is not allowed/],
  ])('from an allowed host to %s', async (_name, target, reason) => {
    const failure = await expectFailure(loopbackAllowed.fetch(redirectTo(target())), 'BlockedAddress', reason);
    expect(failure.message).toContain('(redirected to ');
  });
});

describe('SSRF guard: DNS answers are pinned', () => {
  it('resolves once and connects to the checked address, never to a rebound one', async () => {
    const site = await startServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`host=${req.headers.host}`));
    let answers = 0;
    const rebinding = tableResolver({ 'rebind.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    const fetcher = testFetcher({ allowedHosts: ['127.0.0.1'], allowedPorts: trapPorts(), resolve: rebinding.resolve });
    try {
      // The system resolver does not know rebind.test: success proves the socket went to the pinned address.
      const response = await fetcher.fetch(`http://rebind.test:${site.port}/`);
      expect(response.text).toBe(`host=rebind.test:${site.port}`);
      expect(rebinding.calls).toEqual(['rebind.test']);
      expect(site.connections).toBe(1);

      // The next answer is the rebinding one: refused before connecting, although a pooled socket exists.
      await expectFailure(fetcher.fetch(`http://rebind.test:${trapPort('loopback2')}/`), 'BlockedAddress', /127\.0\.0\.2 is loopback/);
      expect(rebinding.calls).toEqual(['rebind.test', 'rebind.test']);
    } finally {
      await fetcher.close();
      await site.close();
    }
  });

  it('re-resolves on a redirect to the same name and blocks a rebinding mid-chain', async () => {
    let answers = 0;
    const rebinding = tableResolver({ 'chain.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
    const site = await startServer((_req, res) => res.writeHead(301, { location: '/next' }).end());
    const fetcher = testFetcher({ allowedHosts: ['127.0.0.1'], allowedPorts: trapPorts(), resolve: rebinding.resolve });
    try {
      await expectFailure(fetcher.fetch(`http://chain.test:${site.port}/`), 'BlockedAddress', /chain\.test resolves to 127\.0\.0\.2/);
      expect(rebinding.calls).toEqual(['chain.test', 'chain.test']);
      expect(site.connections).toBe(1);
    } finally {
      await fetcher.close();
      await site.close();
    }
  });
});

describe('allowedHosts exceptions', () => {
  it('lets an allowed IP through on any port but nothing next to it', async () => {
    const site = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    const fetcher = testFetcher({ allowedHosts: ['127.0.0.1'] });
    try {
      expect((await fetcher.fetch(`${site.origin}/`)).text).toBe('ok');
      await expectFailure(fetcher.fetch(`http://127.0.0.2:${trapPort('loopback2')}/`), 'BlockedAddress', /port \d+ is not allowed|loopback/);
    } finally {
      await fetcher.close();
      await site.close();
    }
  });

  it('accepts CIDR and hostname entries', async () => {
    const site = await startServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    const names = tableResolver({ 'intranet.corp': ['127.0.0.1'], 'other.corp': ['127.0.0.1'] });
    const byCidr = testFetcher({ allowedHosts: ['127.0.0.0/30'], resolve: names.resolve });
    const byName = testFetcher({ allowedHosts: ['intranet.corp'], resolve: names.resolve });
    try {
      expect((await byCidr.fetch(`http://other.corp:${site.port}/`)).text).toBe('ok');
      expect((await byName.fetch(`http://intranet.corp:${site.port}/`)).text).toBe('ok');
      await expectFailure(byName.fetch(`http://other.corp:${site.port}/`), 'BlockedAddress', /port|loopback/);
    } finally {
      await Promise.all([byCidr.close(), byName.close()]);
      await site.close();
    }
  });

  it('rejects a malformed entry at construction', () => {
    expect(() => testFetcher({ allowedHosts: ['not a host!'] })).toThrow(/invalid allowed host entry/);
  });
});

describe('pinned TLS connections', () => {
  it('sends the hostname, not the pinned IP, as SNI and refuses an untrusted certificate for good', async () => {
    const tls = await startTlsServer();
    const names = tableResolver({ 'sni.test': ['127.0.0.1'] });
    const fetcher = testFetcher({ allowedHosts: ['127.0.0.1'], resolve: names.resolve });
    try {
      const failure = await expectFailure(fetcher.fetch(`https://sni.test:${tls.port}/`), 'NetworkError', /TLS certificate rejected/);
      expect(failure.retryable).toBe(false);
      expect(tls.serverNames).toEqual(['sni.test']);
    } finally {
      await fetcher.close();
      await tls.close();
    }
  });
});
