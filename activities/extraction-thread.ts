import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { LENIENT_ZLIB } from '../lib/http/body';
import { extractPage, type ExtractionRules, type PageExtraction } from '../lib/extract';

export interface ExtractionJob {
  /** The stored body: gzip, possibly the server's own stream, truncated streams included (read as the fetch read them). */
  body: Uint8Array | null;
  charset: string | null;
  url: string;
  rules?: ExtractionRules;
}

export interface ExtractionResult { extraction: PageExtraction; textHash: string }

/** Runs on an extraction thread: the CPU-bound half of the parse step, off the worker's event loop. */
export default function extractStoredPage({ body, charset, url, rules }: ExtractionJob): ExtractionResult {
  const html = decode(body ? gunzipSync(body, LENIENT_ZLIB) : new Uint8Array(0), charset);
  const extraction = extractPage(html, url, rules);
  return { extraction, textHash: createHash('sha256').update(extraction.articleBody).digest('hex') };
}

function decode(body: Uint8Array, charset: string | null): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
