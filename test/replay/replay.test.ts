import { readdirSync, readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';

const dir = new URL('../histories/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.binpb')).sort();

describe('recorded histories replay against the current workflow code', () => {
  it('has the normal, retried and cancelled runs to replay, as recorded before and after the batches of 50 pages', () => {
    const runs = ['completed-crawl.binpb', 'retried-fetch.binpb', 'cancelled-crawl.binpb'];
    expect(files).toEqual(expect.arrayContaining([...runs, ...runs.map((run) => `before-batches-of-50-${run}`)]));
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(new URL(file, dir)));
    const workflowId = `replay-${file}`;
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId)).resolves.toBeUndefined();
  });
});
