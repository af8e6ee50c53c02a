import { badRequest } from './errors';

/** Opaque keyset cursors: base64url of the last row's sort key. */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string | undefined, shape: ('string' | 'number')[]): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Numbers are row ids (safe integers); no string may hold a NUL, which PostgreSQL cannot compare.
    if (Array.isArray(key) && key.length === shape.length && key.every((part, i) => (shape[i] === 'number' ? Number.isSafeInteger(part) : typeof part === 'string' && !part.includes('\u0000')))) return key as T;
  } catch {
    // fall through to the error below
  }
  throw badRequest('cursor is not valid', [{ path: 'cursor', message: 'use the nextCursor of a previous page' }]);
}
