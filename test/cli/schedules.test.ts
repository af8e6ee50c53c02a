import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../api/serve';
import { startFixtureSite, type FixtureSite } from '../fixtures/site';
import { startPipeline, waitFor, type Pipeline } from '../support/pipeline';
import { runCli } from './run-cli';

let pipeline: Pipeline;
let api: Awaited<ReturnType<typeof listen>>;
let site: FixtureSite;

beforeAll(async () => {
  pipeline = await startPipeline({ taskQueue: 'test-cli-schedules', database: 'pglite' });
  api = await listen(pipeline.app, 0, '127.0.0.1');
  site = await startFixtureSite({ pages: 2 });
});
afterAll(async () => {
  await api?.close();
  await pipeline?.close();
  await site?.close();
});

const cli = async (...args: string[]) => {
  const result = await runCli(['schedules', ...args, '--api', api.url], { timeoutMs: 30_000 });
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
};

describe('trawl schedules, against the real API and Temporal server', () => {
  it('creates, shows, triggers, pauses, reads history and deletes a schedule', async () => {
    const created = await cli('create', site.url('/p/1'), '--cron', '0 3 * * *', '--timezone', 'Europe/Paris', '--paused', '--no-summary');
    expect(created.code, created.stderr).toBe(0);
    const { id } = created.json;
    expect((await cli('list')).json.data.map((s: { id: string }) => s.id)).toContain(id);
    const shown = await cli('show', id);
    expect(shown.json).toMatchObject({ id, paused: true, spec: { cron: '0 3 * * *', timezone: 'Europe/Paris' } });
    expect(shown.json.nextRunTimes).toHaveLength(5);

    expect((await cli('trigger', id)).code).toBe(0);
    await waitFor(async () => (await cli('show', id)).json.recentRuns.some((run: { status: string }) => run.status === 'completed'), { timeoutMs: 20_000, what: 'the triggered run' });
    const history = (await cli('history', id, '--field', 'price')).json;
    expect(history.field).toBe('price');
    expect(history.data).toEqual([expect.objectContaining({ url: site.url('/p/1'), value: null })]); // no price rule: a gap
    expect((await cli('unpause', id, '--note', 'back')).json.status).toBe('active');
    expect((await cli('pause', id)).json.status).toBe('paused');
    expect((await cli('delete', id)).code).toBe(0);
    expect((await cli('show', id)).code).toBe(1);
  });

  it('a bad cron is refused with the reason; command-line mistakes exit 2', async () => {
    const bad = await cli('create', site.url('/'), '--cron', '61 * * * *');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/cron: minute must be 0-59/);
    expect((await cli('create', site.url('/'))).code).toBe(2);
    expect((await cli('history', 'x')).code).toBe(2);
    expect((await cli('explode')).code).toBe(2);
  });
});
