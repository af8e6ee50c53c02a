import { afterAll, describe, expect, it } from 'vitest';
import { startFixtureSite } from '../fixtures/site';
import { json, waitFor } from '../support/pipeline';
import { useScrapeTestbed } from '../support/scrape-testbed';

const testbed = useScrapeTestbed({ taskQueue: 'test-schedules', sitePages: 5 });

const call = (method: string, path: string, body?: unknown) => json(testbed.pipeline.app.request(path, {
  method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
}));
const runsOf = async (id: string) => (await call('GET', `/v1/scrapes?scheduleId=${id}&limit=100`)).body.data as { id: string; status: string }[];
const finishedRuns = async (id: string) => (await runsOf(id)).filter((run) => ['completed', 'failed', 'cancelled'].includes(run.status));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const created: string[] = [];
const createSchedule = async (body: Record<string, unknown>) => {
  const { status, body: answer } = await call('POST', '/v1/schedules', body);
  expect(status, JSON.stringify(answer)).toBe(201);
  created.push(answer.id);
  return answer;
};
afterAll(async () => {
  for (const id of created) await call('DELETE', `/v1/schedules/${id}`);
});

describe('recurring scrapes on Temporal Schedules', () => {
  it('an interval schedule fires, pauses, resumes and triggers; runs are ordinary scrapes', async () => {
    const schedule = await createSchedule({ scrape: { url: testbed.site.url('/p/1'), summarize: { enabled: false } }, interval: '2s' });
    await sleep(8_000);
    expect((await runsOf(schedule.id)).length).toBeGreaterThanOrEqual(3);

    expect((await call('POST', `/v1/schedules/${schedule.id}/pause`, { note: 'maintenance' })).status).toBe(200);
    const described = await call('GET', `/v1/schedules/${schedule.id}`);
    expect(described.body).toMatchObject({ paused: true, note: 'maintenance' });
    await sleep(1_000); // a run already due may still start
    const whilePaused = (await runsOf(schedule.id)).length;
    await sleep(4_500);
    expect((await runsOf(schedule.id)).length).toBe(whilePaused);

    expect((await call('POST', `/v1/schedules/${schedule.id}/trigger`)).status).toBe(202);
    await waitFor(async () => (await runsOf(schedule.id)).length === whilePaused + 1, { timeoutMs: 5_000, what: 'the triggered run' });

    await call('POST', `/v1/schedules/${schedule.id}/unpause`);
    const resumedFrom = (await runsOf(schedule.id)).length;
    await waitFor(async () => (await runsOf(schedule.id)).length >= resumedFrom + 2, { timeoutMs: 8_000, what: 'runs after unpause' });

    const { body } = await call('GET', `/v1/schedules/${schedule.id}`);
    expect(body.paused).toBe(false);
    expect(body.nextRunTimes).toHaveLength(5);
    expect(body.recentRuns.length).toBeGreaterThan(3);
    expect(body.recentRuns.every((run: { scrapeId: string | null }) => run.scrapeId !== undefined)).toBe(true);
    const handle = testbed.pipeline.client.workflow.getHandle(body.recentRuns[0].workflowId);
    const attributes = (await handle.describe()).searchAttributes as Record<string, unknown[]>;
    expect(attributes.TrawlScheduleId).toEqual([schedule.id]);
    await call('POST', `/v1/schedules/${schedule.id}/pause`);
  });

  it('overlap skip holds while a slow run is in progress', async () => {
    // The page never answers: every attempt waits for the fetch timeout, so the run stays in progress for many seconds.
    const slow = await startFixtureSite({ pages: 1 });
    slow.fault('/p/1', { hang: true });
    try {
      const schedule = await createSchedule({ scrape: { url: slow.url('/p/1'), summarize: { enabled: false } }, interval: '1s', overlap: 'skip' });
      await waitFor(async () => (await runsOf(schedule.id)).length === 1, { timeoutMs: 8_000, what: 'the first run' });
      await sleep(3_000); // three more due times pass while the first run is still fetching
      expect((await runsOf(schedule.id)).length).toBe(1);
      const description = await testbed.pipeline.client.schedule.getHandle(`schedule-${schedule.id}`).describe();
      expect(description.info.runningActions.length).toBe(1);
      await call('POST', `/v1/schedules/${schedule.id}/pause`);
    } finally {
      await slow.close();
    }
  });

  it('a one-hour backfill of */5 * * * * (allow all) makes exactly 12 stored scrapes', async () => {
    const schedule = await createSchedule({ scrape: { url: testbed.site.url('/p/2'), summarize: { enabled: false } }, cron: '*/5 * * * *', overlap: 'allow_all', paused: true });
    const start = new Date(Date.UTC(2026, 0, 1, 10, 0, 0));
    const end = new Date(start.getTime() + 3600_000 - 1);
    expect((await call('POST', `/v1/schedules/${schedule.id}/backfill`, { start: start.toISOString(), end: end.toISOString() })).status).toBe(202);
    const done = await waitFor(async () => {
      const finished = await finishedRuns(schedule.id);
      return finished.length >= 12 ? finished : undefined;
    }, { timeoutMs: 40_000, what: '12 backfilled runs' });
    await sleep(1_000);
    expect(await runsOf(schedule.id)).toHaveLength(12);
    expect(done.every((run) => run.status === 'completed')).toBe(true);
  });

  it('a price change makes exactly one scrape.changed with old and new values; the field history shows both', async () => {
    const schedule = await createSchedule({
      scrape: { url: testbed.site.url('/p/4'), rules: { price: { selector: '.price', type: 'price' } }, summarize: { enabled: false } },
      cron: '0 0 1 1 *', paused: true, notify: { mode: 'on_change', webhooks: [{ url: testbed.receiver.url }] },
    });
    const runOnce = async (expected: number) => {
      await call('POST', `/v1/schedules/${schedule.id}/trigger`);
      await waitFor(async () => (await finishedRuns(schedule.id)).length === expected, { timeoutMs: 15_000, what: `run ${expected}` });
      await sleep(1_100); // scheduled workflow ids are unique per second
    };
    testbed.site.setPrice(() => 24.99);
    await runOnce(1);
    await runOnce(2);
    testbed.site.setPrice(() => 19.99);
    await runOnce(3);
    await sleep(500);
    const changed = testbed.receiver.received.filter((d) => d.payload.type === 'scrape.changed' && d.payload.data.scheduleId === schedule.id);
    expect(changed).toHaveLength(1);
    expect(() => testbed.receiver.verify(changed[0], schedule.webhooks[0].secret)).not.toThrow();
    expect(changed[0].payload.data.changes.fields).toEqual([{ url: testbed.site.url('/p/4'), field: 'price', old: 24.99, new: 19.99 }]);
    expect(testbed.receiver.received.filter((d) => d.payload.data.scheduleId === schedule.id && d.payload.type !== 'scrape.changed')).toHaveLength(0);

    const { body } = await call('GET', `/v1/schedules/${schedule.id}/history?field=price`);
    expect(body.data.map((point: { value: number }) => point.value)).toEqual([24.99, 24.99, 19.99]);
    testbed.site.setPrice((i) => 10 + i + 0.99);
  });

  it('three failed runs with a threshold of 3 alert once; the next good run sends one recovery notice', async () => {
    const flaky = await startFixtureSite({ pages: 1 });
    try {
      const schedule = await createSchedule({
        scrape: { url: flaky.url('/p/1'), summarize: { enabled: false } }, cron: '0 0 1 1 *', paused: true,
        notify: { mode: 'on_failure', failureThreshold: 3, webhooks: [{ url: testbed.receiver.url }] },
      });
      flaky.fault('/p/1', { status: 404 });
      for (let run = 1; run <= 4; run++) {
        await call('POST', `/v1/schedules/${schedule.id}/trigger`);
        await waitFor(async () => (await finishedRuns(schedule.id)).length === run, { timeoutMs: 15_000, what: `failed run ${run}` });
        await sleep(1_100);
      }
      expect((await finishedRuns(schedule.id)).every((run) => run.status === 'failed')).toBe(true);
      flaky.fault('/p/1', { status: 404, times: 0 });
      await call('POST', `/v1/schedules/${schedule.id}/trigger`);
      await waitFor(async () => (await finishedRuns(schedule.id)).length === 5, { timeoutMs: 15_000, what: 'the good run' });
      await sleep(500);
      const mine = testbed.receiver.received.filter((d) => d.payload.data.scheduleId === schedule.id).map((d) => d.payload.type);
      expect(mine).toEqual(['schedule.failing', 'schedule.recovered']);
      expect((await call('GET', `/v1/schedules/${schedule.id}`)).body.notify).toMatchObject({ consecutiveFailures: 0, alerting: false });
    } finally {
      await flaky.close();
    }
  });

  it('bad cron strings, unknown time zones and impossible ranges get a 400 with the reason, and create nothing', async () => {
    const scrape = { url: testbed.site.url('/p/1') };
    const cases: [Record<string, unknown>, string][] = [
      [{ scrape, cron: 'every tuesday-ish' }, 'cron'],
      [{ scrape, cron: '*/5 * * * *', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ scrape, interval: '1h', startAt: '2030-01-02T00:00:00Z', endAt: '2030-01-01T00:00:00Z' }, 'endAt'],
      [{ scrape, interval: '1h', endAt: '2001-01-01T00:00:00Z' }, 'endAt'],
      [{ scrape }, 'cron'],
      [{ scrape, cron: '* * * * *', interval: '1h' }, 'cron'],
      [{ scrape, interval: 'soon' }, 'interval'],
      [{ scrape, interval: '1h', overlap: 'sometimes' }, 'overlap'],
      [{ scrape: { url: 'http://169.254.169.254/' }, interval: '1h' }, 'url'],
    ];
    const before = (await call('GET', '/v1/schedules?limit=100')).body.data.length;
    for (const [body, path] of cases) {
      const { status, body: answer } = await call('POST', '/v1/schedules', body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error.details.map((d: { path: string }) => d.path).join(' '), JSON.stringify(answer)).toContain(path);
    }
    expect((await call('GET', '/v1/schedules?limit=100')).body.data.length).toBe(before);
    const schedule = await createSchedule({ scrape, cron: '0 0 1 1 *', paused: true });
    const [from, to] = ['2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'];
    expect((await call('POST', `/v1/schedules/${schedule.id}/backfill`, { start: from, end: to })).status).toBe(400);
    expect((await call('PATCH', `/v1/schedules/${schedule.id}`, { timezone: 'Nowhere/Else' })).status).toBe(400);
    expect((await call('GET', '/v1/schedules/nope')).status).toBe(404);
  });
});
