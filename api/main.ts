import { Client } from '@temporalio/client';
import { openDatabase } from '../db/client';
import { parseConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createApp } from './app';
import { apiDepsFromConfig } from './deps-from-config';
import { startupAccessNotice } from './auth/access-config';
import { listen } from './serve';
import { TemporalConnection } from './temporal-connection';

const config = parseConfig();
const log = createLogger(config);
if (!config.TEMPORAL_ADDRESS) {
  log.fatal('TEMPORAL_ADDRESS is required for a standalone API (npm start runs one with an embedded server)');
  process.exit(1);
}
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TRAWL_DATA_DIR });
await database.migrate();
const connection = await TemporalConnection.connect({ address: config.TEMPORAL_ADDRESS });
const apiDeps = apiDepsFromConfig(config, database.db, new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }), { logger: log });
const { access } = apiDeps;
const app = createApp(apiDeps);
const server = await listen(app, config.PORT, config.HOST);
log.info({ url: server.url }, 'API listening');
const notice = await startupAccessNotice(database.db, access);
log[notice.warning ? 'warn' : 'info']({ access: notice.mode }, notice.text);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'shutting down');
    await server.close();
    await connection.close();
    await database.close();
    process.exit(0);
  });
}
