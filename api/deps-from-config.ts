import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { splitList, type Config } from '../lib/config';
import { accessOptionsFromConfig } from './auth/access-config';
import type { ApiDeps } from './deps';
import { readinessChecksFor } from './health/health.index';

/** The API's dependencies as the environment configures them; every entry point (and the test harness) uses this. */
export function apiDepsFromConfig(config: Config, db: Database, temporal: Client, extra: Partial<ApiDeps> = {}): ApiDeps {
  return {
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    allowedHosts: splitList(config.TRAWL_ALLOWED_HOSTS),
    allowedPorts: splitList(config.TRAWL_ALLOWED_PORTS).map(Number),
    ignoreRobotsHosts: splitList(config.TRAWL_IGNORE_ROBOTS_HOSTS),
    retryInitialInterval: config.TRAWL_RETRY_INITIAL_INTERVAL,
    readinessChecks: readinessChecksFor(config),
    access: accessOptionsFromConfig(config),
    ...extra,
  };
}
