import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import type { Principal } from './auth/principal';

/** Who may call the API and how often (api/auth, api/middleware). */
export interface AccessOptions {
  /** The address the API listens on (HOST): open mode (no keys at all) is possible only on a loopback address. */
  host: string;
  /** TRAWL_ADMIN_KEY: accepted as an admin key of tenant `default`. */
  adminKey?: string;
  /** TRAWL_CORS_ORIGINS: origins allowed to call the API from a browser (`*` for any). */
  corsOrigins?: string[];
  /** Token bucket per key (per client IP without one); `perMinute: 0` turns rate limiting off. */
  rateLimit?: { perMinute: number; burst: number };
}

/** What the HTTP API needs; `createApp` gets it from the server entry point or a test. */
export interface ApiDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  allowedHosts: string[];
  allowedPorts: number[];
  /** Hosts whose robots.txt a scrape may ignore (TRAWL_IGNORE_ROBOTS_HOSTS). */
  ignoreRobotsHosts: string[];
  retryInitialInterval: string;
  /** Extra readiness checks (e.g. the summarizer endpoint), each resolving or throwing. */
  readinessChecks?: Record<string, () => Promise<void>>;
  access: AccessOptions;
  /** Where the JSON access log goes (one line per request); none without it. */
  logger?: Logger;
}

export type AppEnv = { Variables: { tenantId: string; requestId: string; principal: Principal } };
