import type { ActivityDeps } from './deps';
import { createFetchActivity } from './fetch';
import { createNotifyActivity } from './notify';
import { createParseActivity } from './parse';
import { createRetentionActivities } from './retention';
import { createRunBookkeeping } from './run-bookkeeping';
import { createScheduledOutcomeActivity } from './scheduled-outcome';
import { createSitemapActivity } from './sitemap';
import { createSummarizeActivity } from './summarize';
import { createValidateActivity } from './validate';

export type { ActivityDeps } from './deps';

/** Every activity of the scrape pipeline, one module per step, bound to the given dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRunBookkeeping(deps),
    ...createFetchActivity(deps),
    ...createSitemapActivity(deps),
    ...createParseActivity(deps),
    ...createValidateActivity(deps),
    ...createSummarizeActivity(deps),
    ...createNotifyActivity(deps),
    ...createScheduledOutcomeActivity(deps),
    ...createRetentionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
