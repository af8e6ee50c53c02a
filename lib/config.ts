import { z } from 'zod';

/**
 * Every environment variable Trawl reads, parsed once. Documented in README.md (Environment).
 * Invalid values stop the process with a message naming the variable.
 */
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 500ms, 10s, 5m');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  TRAWL_DATA_DIR: z.string().default('.trawl'),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('trawl'),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  SUMMARY_MAX_INPUT_TOKENS: z.coerce.number().int().positive().default(6_000),
  TRAWL_ALLOWED_HOSTS: z.string().default(''),
  TRAWL_ALLOWED_PORTS: z.string().default(''),
  TRAWL_USER_AGENT: z.string().default('TrawlBot/0.1 (+https://github.com/trawl)'),
  TRAWL_FETCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  TRAWL_FETCH_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  TRAWL_FETCH_BODY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  TRAWL_FETCH_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  TRAWL_FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  TRAWL_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  TRAWL_HOST_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Unset: one thread per core but one, at least one and at most four. */
  TRAWL_EXTRACTION_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  TRAWL_IGNORE_ROBOTS_HOSTS: z.string().default(''),
  TRAWL_ROBOTS_TTL_MS: z.coerce.number().int().positive().default(3_600_000),
  TRAWL_CACHE_TTL_MS: z.coerce.number().int().min(0).default(0),
  TRAWL_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  TRAWL_BREAKER_COOLDOWN_MS: z.coerce.number().int().positive().default(60_000),
  TRAWL_RETRY_INITIAL_INTERVAL: duration.default('1s'),
  TRAWL_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  TRAWL_ADMIN_KEY: z.preprocess((value) => (value === '' ? undefined : value),
    z.string().regex(/^trawl_[A-Za-z0-9_-]{20,200}$/, 'trawl_ followed by 20 to 200 characters of A-Z a-z 0-9 _ - (npx trawl keys generate prints one)').optional()),
  TRAWL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  TRAWL_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  TRAWL_CORS_ORIGINS: z.string().default(''),
  /** The worker's metrics endpoint (`temporal_*` SDK and `trawl_*` pipeline metrics); empty turns it off. */
  TRAWL_WORKER_METRICS_ADDRESS: z.string().regex(/^$|^(\[[^\]]+\]|[^:\s]*):\d{1,5}$/, 'host:port, e.g. 0.0.0.0:9464, or empty').default('127.0.0.1:9464'),
  /** Raw page bodies and webhook delivery attempts older than this are deleted daily; 0 keeps them forever. */
  TRAWL_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema>;

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  throw new Error(`Invalid environment:\n${problems}`);
}

/** Comma-separated list → trimmed, non-empty entries. */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}
