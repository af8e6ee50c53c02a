import { afterEach, describe, expect, it } from 'vitest';
import { createRobotsCache, type Fetcher } from '../../../lib/http';
import { startServer, type TestServer } from '../../fixtures/hostile-server';
import { TEST_LIMITS, testFetcher } from './helpers';

const ROBOTS = `
User-agent: TrawlTest
Disallow: /private
Allow: /private/open
Crawl-delay: 2

User-agent: *
Disallow: /
`;

let servers: TestServer[] = [];
let fetcher: Fetcher | undefined;

afterEach(async () => {
  await fetcher?.close();
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  fetcher = undefined;
});

async function robotsServer(respond: (res: import('node:http').ServerResponse) => void): Promise<TestServer> {
  const server = await startServer((req, res) => {
    if (req.url === '/robots.txt') respond(res);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('page');
  });
  servers.push(server);
  return server;
}

const robotsCount = (server: TestServer) => server.requests.filter((request) => request.url === '/robots.txt').length;
const serveText = (text: string) => (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text);

describe('robots cache', () => {
  it('fetches robots.txt once per origin within the TTL and honours Disallow, Allow and Crawl-delay', async () => {
    const site = await robotsServer(serveText(ROBOTS));
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent });

    const verdicts = await Promise.all([
      robots.isAllowed(`${site.origin}/`),
      robots.isAllowed(`${site.origin}/private/secret`),
      robots.isAllowed(`${site.origin}/private/open/page`),
      robots.isAllowed(`${site.origin}/public?q=1`),
    ]);
    expect(verdicts).toEqual([true, false, true, true]);
    expect(await robots.crawlDelayMs(`${site.origin}/anything`)).toBe(2_000);
    expect(await robots.isAllowed(`${site.origin}/private`)).toBe(false);
    expect(robotsCount(site)).toBe(1);
    expect(robots.fetchCount).toBe(1);
    expect(site.requests[0].headers['user-agent']).toBe(TEST_LIMITS.userAgent);
  });

  it('falls back to the * group for other user agents', async () => {
    const site = await robotsServer(serveText(ROBOTS));
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: 'OtherBot/2.0' });
    expect(await robots.isAllowed(`${site.origin}/public`)).toBe(false);
    expect(await robots.crawlDelayMs(`${site.origin}/public`)).toBeUndefined();
  });

  it('fetches again once the TTL has passed, and keeps origins apart', async () => {
    const first = await robotsServer(serveText(ROBOTS));
    const second = await robotsServer(serveText('User-agent: *\nDisallow: /x\n'));
    fetcher = testFetcher();
    let now = 0;
    const robots = createRobotsCache({ fetcher, ttlMs: 1_000, userAgent: TEST_LIMITS.userAgent, now: () => now });
    await robots.isAllowed(`${first.origin}/a`);
    await robots.isAllowed(`${second.origin}/a`);
    now = 999;
    await robots.isAllowed(`${first.origin}/b`);
    expect(robotsCount(first)).toBe(1);
    now = 1_001;
    await robots.isAllowed(`${first.origin}/c`);
    expect(robotsCount(first)).toBe(2);
    expect(robotsCount(second)).toBe(1);
    expect(await robots.isAllowed(`${second.origin}/x`)).toBe(false);
  });

  it.each([404, 401, 403, 410])('allows everything when robots.txt answers %i', async (status) => {
    const site = await robotsServer((res) => res.writeHead(status).end());
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent });
    expect(await robots.isAllowed(`${site.origin}/anything`)).toBe(true);
  });

  it('disallows everything for a short while when robots.txt answers 5xx, then asks again', async () => {
    const site = await robotsServer((res) => res.writeHead(503).end());
    fetcher = testFetcher();
    let now = 0;
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, errorTtlMs: 500, userAgent: TEST_LIMITS.userAgent, now: () => now });
    expect(await robots.isAllowed(`${site.origin}/page`)).toBe(false);
    now = 400;
    expect(await robots.isAllowed(`${site.origin}/page`)).toBe(false);
    expect(robotsCount(site)).toBe(1);
    now = 501;
    await robots.isAllowed(`${site.origin}/page`);
    expect(robotsCount(site)).toBe(2);
  });

  it('disallows everything when robots.txt is unreachable or too slow', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const hanging = await startServer(() => undefined);
    servers.push(hanging);
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent });
    expect(await robots.isAllowed(`http://127.0.0.1:${closed.port}/page`)).toBe(false);
    expect(await robots.isAllowed(`${hanging.origin}/page`)).toBe(false);
  });

  it('goes through the guarded fetcher: a robots.txt redirecting to a blocked address disallows', async () => {
    const site = await robotsServer((res) => res.writeHead(302, { location: 'http://169.254.169.254/robots.txt' }).end());
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent });
    expect(await robots.isAllowed(`${site.origin}/page`)).toBe(false);
  });

  it('caps an extreme Crawl-delay', async () => {
    const site = await robotsServer(serveText('User-agent: *\nCrawl-delay: 86400\n'));
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent, maxCrawlDelayMs: 30_000 });
    expect(await robots.crawlDelayMs(`${site.origin}/`)).toBe(30_000);
  });

  it('lets a caller give up waiting without cancelling the shared fetch', async () => {
    const site = await robotsServer((res) => setTimeout(() => serveText('User-agent: *\nDisallow: /no\n')(res), 100));
    fetcher = testFetcher();
    const robots = createRobotsCache({ fetcher, ttlMs: 60_000, userAgent: TEST_LIMITS.userAgent });
    await expect(robots.isAllowed(`${site.origin}/no`, AbortSignal.timeout(10))).rejects.toBeDefined();
    expect(await robots.isAllowed(`${site.origin}/no`)).toBe(false);
    expect(robotsCount(site)).toBe(1);
  });
});
