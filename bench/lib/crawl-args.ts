import { parseArgs } from 'node:util';

type ExtraOptions = Record<string, { type: 'string'; default?: string }>;

/** The command line every comparison crawler takes: `--url`, `--max-pages`, `--max-depth`, `--concurrency`, plus its own. */
export function parseCrawlArgs(extra: ExtraOptions = {}) {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'max-pages': { type: 'string', default: '1000' },
      'max-depth': { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '16' },
      ...extra,
    },
  });
  if (!values.url) throw new Error('--url is required');
  return {
    url: values.url as string,
    maxPages: Number(values['max-pages']),
    maxDepth: Number(values['max-depth']),
    concurrency: Number(values.concurrency),
    values: values as Record<string, string | undefined>,
  };
}
