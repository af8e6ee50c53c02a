import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered, URL-safe ids (ULID-like, Crockford base32, lower case): sortable and readable in the Temporal UI. */
export function newId(now = Date.now()): string {
  let time = '';
  for (let value = now, i = 0; i < 10; i++, value = Math.floor(value / 32)) time = ALPHABET[value % 32] + time;
  let random = '';
  for (const byte of randomBytes(16)) random += ALPHABET[byte % 32];
  return time + random;
}

export const scrapeWorkflowId = (scrapeId: string) => `scrape-${scrapeId}`;
