import { parseConfig } from '../lib/config';
import { openDatabase } from './client';

const config = parseConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.TRAWL_DATA_DIR });
const started = Date.now();
await database.migrate();
await database.close();
console.log(`migrations applied to ${database.kind} in ${Date.now() - started} ms`);
