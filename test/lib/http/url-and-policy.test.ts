import { describe, expect, it } from 'vitest';
import { checkUrlLiteral, FetchFailure, normalizeUrl, parseRetryAfter } from '../../../lib/http';
import { blockedRangeReason } from '../../../lib/http/ip-ranges';

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM', 'http://example.com/'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['http://example.com/a#section', 'http://example.com/a'],
    ['http://example.com/a?', 'http://example.com/a'],
    ['http://example.com/%7euser/%41%2f%3a', 'http://example.com/~user/A%2F%3A'],
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com/a b', 'http://example.com/a%20b'],
    ['http://example.com/?q=%7e%2b', 'http://example.com/?q=~%2B'],
    ['http://bücher.example/', 'http://xn--bcher-kva.example/'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('sorts the query only when asked, keeping repeated names in order', () => {
    expect(normalizeUrl('http://example.com/?b=2&a=1&b=1')).toBe('http://example.com/?b=2&a=1&b=1');
    expect(normalizeUrl('http://example.com/?b=2&a=1&b=1&', { sortQuery: true })).toBe('http://example.com/?a=1&b=2&b=1');
  });

  it.each(['not a url', 'ftp://example.com/', 'javascript:alert(1)', 'file:///etc/passwd', ''])('throws InvalidUrl for %j', (input) => {
    expect(() => normalizeUrl(input)).toThrow(FetchFailure);
    try {
      normalizeUrl(input);
    } catch (error) {
      expect((error as FetchFailure).type).toBe('InvalidUrl');
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 00:01:30 GMT', 90_000],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['3600', 3_600_000],
    ['Wednesday, 01-Jan-25 00:00:10 GMT', 10_000],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('address ranges', () => {
  it.each(['8.8.8.8', '93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '64:ff9b::808:808', '::ffff:8.8.8.8', '2002:808:808::1'])(
    'lets public %s through',
    (ip) => {
      expect(blockedRangeReason(ip)).toBeNull();
    },
  );

  it.each([
    ['0.1.2.3', /unspecified/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['198.18.0.1', /benchmarking/],
    ['203.0.113.9', /TEST-NET-3/],
    ['240.0.0.1', /reserved/],
    ['fec0::1', /site-local/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /documentation/],
    ['100::1', /discard-only/],
    ['::ffff:0:a00:1', /SIIT IPv4-translated form of 10\.0\.0\.1/],
    ['::808:808', /IPv4-compatible address/],
    ['2001:0:808:808::f7f7:f7f7', /Teredo address|IETF/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['4000::1', /outside global unicast/],
  ])('blocks %s', (ip, reason) => {
    expect(blockedRangeReason(ip)).toMatch(reason);
  });
});

describe('checkUrlLiteral', () => {
  it('passes ordinary public URLs without DNS', () => {
    expect(checkUrlLiteral('https://example.com/page?x=1', [])).toEqual({ ok: true });
    expect(checkUrlLiteral('http://8.8.8.8/', [])).toEqual({ ok: true });
  });

  it('applies the port policy, with allowedPorts and allowed hosts as exceptions', () => {
    expect(checkUrlLiteral('http://example.com:8080/', [])).toMatchObject({ ok: false, reason: /port 8080/ });
    expect(checkUrlLiteral('http://example.com:8080/', [], [8080])).toEqual({ ok: true });
    expect(checkUrlLiteral('http://127.0.0.1:5555/', ['127.0.0.1'])).toEqual({ ok: true });
    expect(checkUrlLiteral('http://intranet:5555/', ['intranet'])).toEqual({ ok: true });
    expect(checkUrlLiteral('http://10.1.2.3:5555/', ['10.0.0.0/8'])).toEqual({ ok: true });
    // Without DNS a name cannot be ruled out when an allowed network might contain it: the fetcher decides later.
    expect(checkUrlLiteral('http://name.example:5555/', ['10.0.0.0/8'])).toEqual({ ok: true });
  });

  it('explains garbage', () => {
    expect(checkUrlLiteral('::::', [])).toEqual({ ok: false, reason: 'not a valid URL' });
  });
});
