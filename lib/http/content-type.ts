export const DEFAULT_ACCEPT_CONTENT_TYPES: readonly string[] = [
  'text/html',
  'application/xhtml+xml',
  'text/plain',
  'application/xml',
  'text/xml',
  'application/json',
  'application/ld+json',
];

export interface ContentType {
  /** Lowercased type/subtype without parameters. */
  mimeType: string;
  charset: string | null;
}

export function parseContentType(header: string | null | undefined): ContentType | null {
  if (!header) return null;
  const [essence, ...params] = header.split(';');
  const mimeType = essence.trim().toLowerCase();
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mimeType)) return null;
  let charset: string | null = null;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(param);
    if (match) charset = match[1].toLowerCase();
  }
  return { mimeType, charset };
}

/** Entries are exact types or `type/*`. */
export function isAcceptedMimeType(mimeType: string, accepted: readonly string[]): boolean {
  return accepted.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    return wanted === mimeType || (wanted.endsWith('/*') && mimeType.startsWith(wanted.slice(0, -1)));
  });
}

/** For responses without a Content-Type: a NUL byte near the start means binary, as browsers sniff it. */
export function looksBinary(body: Buffer): boolean {
  return body.subarray(0, 1024).includes(0);
}
