import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, createHostThrottle, FetchFailure, isHostFailure } from '../../../lib/http';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('host throttle', () => {
  it('never exceeds the per-host concurrency and keeps the delay between starts', async () => {
    const throttle = createHostThrottle({ maxConcurrency: 2, minDelayMs: 30 });
    const starts: number[] = [];
    let active = 0;
    let peak = 0;
    const task = async () => {
      starts.push(performance.now());
      active += 1;
      peak = Math.max(peak, active);
      await sleep(50);
      active -= 1;
    };
    await Promise.all(Array.from({ length: 8 }, () => throttle.schedule('a.example', task)));

    expect(peak).toBe(2);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(28);
    expect(throttle.stats('a.example')).toMatchObject({ started: 8, maxActive: 2, active: 0, queued: 0 });
  });

  it('keeps hosts independent', async () => {
    const throttle = createHostThrottle({ maxConcurrency: 1, minDelayMs: 200 });
    const started = performance.now();
    await Promise.all(['a', 'b', 'c'].map((host) => throttle.schedule(host, async () => undefined)));
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('applies per-call overrides such as a Crawl-delay', async () => {
    const throttle = createHostThrottle({ maxConcurrency: 4, minDelayMs: 0 });
    const starts: number[] = [];
    const record = async () => void starts.push(performance.now());
    await Promise.all(Array.from({ length: 3 }, () => throttle.schedule('slow.example', record, { minDelayMs: 60, maxConcurrency: 1 })));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(58);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(58);
  });

  it('drops a queued call when its signal aborts, without blocking the queue', async () => {
    const throttle = createHostThrottle({ maxConcurrency: 1, minDelayMs: 0 });
    const controller = new AbortController();
    const first = throttle.schedule('h', () => sleep(50).then(() => 'first'));
    const cancelled = throttle.schedule('h', async () => 'never', { signal: controller.signal });
    const third = throttle.schedule('h', async () => 'third');
    controller.abort(new Error('stop'));
    await expect(cancelled).rejects.toThrow('stop');
    await expect(first).resolves.toBe('first');
    await expect(third).resolves.toBe('third');
    await expect(throttle.schedule('h', async () => 1, AbortSignal.abort())).rejects.toBeDefined();
  });

  it('propagates task failures and frees the slot', async () => {
    const throttle = createHostThrottle({ maxConcurrency: 1, minDelayMs: 0 });
    await expect(throttle.schedule('h', async () => Promise.reject(new Error('task failed')))).rejects.toThrow('task failed');
    await expect(throttle.schedule('h', async () => 'next')).resolves.toBe('next');
  });
});

describe('circuit breaker', () => {
  it('opens after 5 consecutive failures, half-opens after the cool-down and closes on a good trial', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ coolDownMs: 1_000, now: () => now });
    for (let i = 0; i < 4; i++) breaker.record('h', false);
    expect(breaker.isOpen('h')).toBe(false);
    breaker.record('h', false);
    expect(breaker.isOpen('h')).toBe(true);
    expect(breaker.snapshot()).toEqual([{ host: 'h', state: 'open', consecutiveFailures: 5, openedAt: 0, retryAt: 1_000 }]);

    now = 999;
    expect(breaker.isOpen('h')).toBe(true);
    now = 1_000;
    expect(breaker.isOpen('h')).toBe(false); // this caller is the trial
    expect(breaker.state('h')).toBe('half-open');
    expect(breaker.isOpen('h')).toBe(true); // everyone else waits for it
    breaker.record('h', true);
    expect(breaker.state('h')).toBe('closed');
    expect(breaker.isOpen('h')).toBe(false);
    expect(breaker.snapshot()).toEqual([]);
  });

  it('reopens when the trial fails, and replaces a trial that never reports', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 100, now: () => now });
    breaker.record('h', false);
    breaker.record('h', false);
    now = 100;
    expect(breaker.isOpen('h')).toBe(false);
    breaker.record('h', false);
    expect(breaker.state('h')).toBe('open');
    now = 150;
    expect(breaker.isOpen('h')).toBe(true);
    now = 200;
    expect(breaker.isOpen('h')).toBe(false); // trial
    now = 299;
    expect(breaker.isOpen('h')).toBe(true);
    now = 300;
    expect(breaker.isOpen('h')).toBe(false); // the silent trial is replaced
  });

  it('a success resets the consecutive count', () => {
    const breaker = createCircuitBreaker({ coolDownMs: 1_000 });
    for (let i = 0; i < 4; i++) breaker.record('h', false);
    breaker.record('h', true);
    for (let i = 0; i < 4; i++) breaker.record('h', false);
    expect(breaker.isOpen('h')).toBe(false);
    expect(breaker.isOpen('other')).toBe(false);
  });

  it('counts only host-health failures', () => {
    const failure = (type: FetchFailure['type']) => new FetchFailure(type, type, { url: 'http://x/' });
    expect(['HttpServerError', 'Timeout', 'NetworkError'].every((type) => isHostFailure(failure(type as FetchFailure['type'])))).toBe(true);
    expect(['HttpClientError', 'BlockedAddress', 'TooLarge', 'Aborted'].some((type) => isHostFailure(failure(type as FetchFailure['type'])))).toBe(false);
    expect(isHostFailure(new Error('plain'))).toBe(false);
  });
});
