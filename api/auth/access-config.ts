import type { Database } from '../../db/client';
import { splitList, type Config } from '../../lib/config';
import type { AccessOptions } from '../deps';
import { accessNotice } from './access-mode';
import { anyApiKeyExists } from './keys';

/** The API's access options from the environment (HOST, TRAWL_ADMIN_KEY, TRAWL_CORS_ORIGINS, TRAWL_RATE_LIMIT_*). */
export function accessOptionsFromConfig(config: Pick<Config, 'HOST' | 'TRAWL_ADMIN_KEY' | 'TRAWL_CORS_ORIGINS' | 'TRAWL_RATE_LIMIT_PER_MINUTE' | 'TRAWL_RATE_LIMIT_BURST'>): AccessOptions {
  return {
    host: config.HOST,
    adminKey: config.TRAWL_ADMIN_KEY,
    corsOrigins: splitList(config.TRAWL_CORS_ORIGINS),
    rateLimit: { perMinute: config.TRAWL_RATE_LIMIT_PER_MINUTE, burst: config.TRAWL_RATE_LIMIT_BURST },
  };
}

/** What to tell the operator at start-up: open mode, locked (no way in), or keys required. */
export async function startupAccessNotice(db: Database, access: AccessOptions) {
  return accessNotice({ host: access.host, adminKeyConfigured: Boolean(access.adminKey), keysExist: await anyApiKeyExists(db) });
}
