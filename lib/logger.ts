import pino, { type Logger } from 'pino';
import type { Config } from './config';

/** JSON logs; secrets never reach them. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: {
      paths: ['secret', '*.secret', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'OPENAI_API_KEY'],
      censor: '[redacted]',
    },
  });
}
