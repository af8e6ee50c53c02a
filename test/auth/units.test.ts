import { describe, expect, it } from 'vitest';
import { requiredScope, PUBLIC_PATHS } from '../../api/auth/access-control';
import { accessMode, accessNotice, isLoopbackHost } from '../../api/auth/access-mode';
import { generateApiKey, hashApiKey, hasScope, keyPrefix, normalizeScopes, sameKey, API_KEY_PATTERN } from '../../api/auth/keys';
import { acceptableRequestId } from '../../api/middleware/request-context';
import { TokenBuckets } from '../../api/middleware/token-bucket';
import { parseConfig } from '../../lib/config';

describe('open mode decision', () => {
  it.each(['127.0.0.1', '127.0.0.53', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '[::]', '10.0.0.5', '192.168.1.2', '203.0.113.9', '2001:db8::1', 'example.com', 'localhost.example.com', 'my-host', ''])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('is open only with no key, no TRAWL_ADMIN_KEY and a loopback HOST', () => {
    expect(accessMode({ host: '127.0.0.1', adminKeyConfigured: false, keysExist: false })).toBe('open');
    expect(accessMode({ host: 'localhost', adminKeyConfigured: false, keysExist: false })).toBe('open');
    expect(accessMode({ host: '::1', adminKeyConfigured: false, keysExist: false })).toBe('open');
    // bound beyond loopback: enforced (and locked until a key exists)
    expect(accessMode({ host: '0.0.0.0', adminKeyConfigured: false, keysExist: false })).toBe('keys');
    expect(accessMode({ host: '::', adminKeyConfigured: false, keysExist: false })).toBe('keys');
    expect(accessMode({ host: '10.1.2.3', adminKeyConfigured: false, keysExist: false })).toBe('keys');
    // any way to authenticate ends open mode
    expect(accessMode({ host: '127.0.0.1', adminKeyConfigured: true, keysExist: false })).toBe('keys');
    expect(accessMode({ host: '127.0.0.1', adminKeyConfigured: false, keysExist: true })).toBe('keys');
  });

  it('start-up notices say what is going on', () => {
    const open = accessNotice({ host: '127.0.0.1', adminKeyConfigured: false, keysExist: false });
    expect(open).toMatchObject({ mode: 'open', warning: true });
    expect(open.text).toMatch(/OPEN MODE/);
    expect(open.text).toMatch(/loopback/);
    expect(open.text).toMatch(/trawl keys create/);
    const locked = accessNotice({ host: '0.0.0.0', adminKeyConfigured: false, keysExist: false });
    expect(locked).toMatchObject({ mode: 'keys', warning: true });
    expect(locked.text).toMatch(/LOCKED/);
    expect(accessNotice({ host: '0.0.0.0', adminKeyConfigured: true, keysExist: false })).toMatchObject({ mode: 'keys', warning: false });
  });
});

describe('keys and scopes', () => {
  it('keys are trawl_ + 43 random base64url characters; only a hash and a short prefix are derived', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^trawl_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatch(API_KEY_PATTERN);
    expect(generateApiKey()).not.toBe(key);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyPrefix(key)).toBe(key.slice(0, 14));
    expect(sameKey(key, key)).toBe(true);
    expect(sameKey(key, generateApiKey())).toBe(false);
    expect(sameKey(key, 'short')).toBe(false);
  });

  it('write implies read, admin implies everything', () => {
    expect(hasScope(['read'], 'read')).toBe(true);
    expect(hasScope(['read'], 'write')).toBe(false);
    expect(hasScope(['write'], 'read')).toBe(true);
    expect(hasScope(['write'], 'admin')).toBe(false);
    expect(hasScope(['admin'], 'write')).toBe(true);
    expect(hasScope(['admin'], 'read')).toBe(true);
    expect(hasScope([], 'read')).toBe(false);
    expect(normalizeScopes(['write', 'read', 'write'])).toEqual(['read', 'write']);
    expect(() => normalizeScopes(['root'])).toThrow(/unknown scope/);
    expect(() => normalizeScopes([])).toThrow(/at least one/);
  });

  it('GETs need read, other methods write, /v1/keys admin; probes and the document are public', () => {
    expect(requiredScope('GET', '/v1/scrapes')).toBe('read');
    expect(requiredScope('HEAD', '/v1/scrapes/x')).toBe('read');
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(requiredScope(method, '/v1/scrapes')).toBe('write');
    expect(requiredScope('GET', '/v1/keys')).toBe('admin');
    expect(requiredScope('DELETE', '/v1/keys/abc')).toBe('admin');
    expect([...PUBLIC_PATHS].sort()).toEqual(['/v1/healthz', '/v1/openapi.json', '/v1/readyz']);
  });

  it('TRAWL_ADMIN_KEY must look like a key; empty means unset; rate limits have defaults', () => {
    const key = generateApiKey();
    expect(parseConfig({ TRAWL_ADMIN_KEY: key }).TRAWL_ADMIN_KEY).toBe(key);
    expect(parseConfig({ TRAWL_ADMIN_KEY: '' }).TRAWL_ADMIN_KEY).toBeUndefined();
    let message = '';
    try {
      parseConfig({ TRAWL_ADMIN_KEY: 'hunter2-not-a-key' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TRAWL_ADMIN_KEY/);
    expect(message).not.toContain('hunter2');
    const defaults = parseConfig({});
    expect(defaults).toMatchObject({ TRAWL_RATE_LIMIT_PER_MINUTE: 600, TRAWL_RATE_LIMIT_BURST: 60, TRAWL_CORS_ORIGINS: '' });
  });
});

describe('request ids', () => {
  it('accepts up to 128 characters of A-Z a-z 0-9 . _ -', () => {
    expect(acceptableRequestId('abc-DEF_1.2')).toBe('abc-DEF_1.2');
    expect(acceptableRequestId('x'.repeat(128))).toBe('x'.repeat(128));
    for (const bad of [undefined, '', 'x'.repeat(129), 'has space', 'new\nline', 'semi;colon', 'ünïcode', '<script>']) {
      expect(acceptableRequestId(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('token buckets', () => {
  it('allow a burst, then refill at the configured rate', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => buckets.take('k').remaining)).toEqual([2, 1, 0]);
    const refused = buckets.take('k');
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 1 });
    expect(refused.resetSeconds).toBe(3);
    expect(buckets.take('other').allowed).toBe(true);
    now += 1_000; // one token per second
    expect(buckets.take('k')).toMatchObject({ allowed: true, remaining: 0 });
    expect(buckets.take('k').allowed).toBe(false);
    now += 60_000;
    expect(buckets.take('k')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('stay bounded: idle buckets are dropped, then the least recently used', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 5, maxBuckets: 100, now: () => now });
    for (let i = 0; i < 1_000; i++) buckets.take(`ip:${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    // a busy key that keeps being used survives the churn
    for (let i = 0; i < 5; i++) buckets.take('busy');
    for (let i = 0; i < 50; i++) {
      buckets.take(`more:${i}`);
      buckets.take('busy');
    }
    expect(buckets.take('busy').allowed).toBe(false);
    // after a quiet minute every bucket is full again, so all are swept on the next request
    now += 120_000;
    buckets.take('fresh');
    expect(buckets.size).toBe(1);
  });
});
