import fc from 'fast-check';

/** Characters that have broken parsers, databases, logs and terminals. */
export const NASTY_PIECES = [
  '\u0000', '\u0001', '\u0008', '\u001b[31m', '\u001f', '\u007f', '\u0085', '\u00a0', '\u00ad', '\u200b', '\u200d', '\u202e', '\u2028', '\u2029',
  '\ufeff', '\ufffd', '\uffff', '\ud800', '\udfff', '\ud83d', '😀', '👩‍👩‍👧', 'e\u0301', 'İ', 'ß', 'ﬀ', 'Ω', '中文', 'עברית', '\r\n', '\t', '\\', '"', "'",
  '`', '<script>', '&amp;', '%', '%00', '%25', '%2e%2e%2f', '../', '..\\', '${jndi:ldap://x}', '{{7*7}}', '$(id)', "'; DROP TABLE scrapes;--", "' OR '1'='1",
  '__proto__', 'constructor', 'null', 'undefined', 'NaN', '-1', '1e309',
];

export const nastyString = fc.array(fc.constantFrom(...NASTY_PIECES), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

/** Any UTF-16 string: lone surrogates, controls, astral characters, graphemes. */
export const anyString = (maxLength = 40) => fc.oneof(
  fc.string({ unit: 'binary', maxLength }),
  fc.string({ unit: 'grapheme', maxLength }),
  nastyString,
);

/** A string of printable non-space ASCII, so trimming cannot make it shorter. */
export const nonBlankString = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'abcxyzABC019_-.~!*()'), minLength: 1, maxLength });

/**
 * Text of min..max code points without generating each character: a random piece repeated.
 * Never blank, so `.trim()` keeps it long.
 */
export const hugeText = (min: number, max: number) => fc.tuple(
  fc.oneof(nonBlankString(8), nastyString.filter((s) => s.trim() !== ''), fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '')),
  fc.integer({ min, max }),
).map(([piece, length]) => {
  const points = [...piece];
  const out: string[] = [];
  while (out.length < length) out.push(...points);
  return `a${out.slice(0, length).join('')}a`;
});

/** UTF-8 percent-encoding of every byte that is not unreserved (lone surrogates become U+FFFD, as in encodeURIComponent's absence). */
export function pct(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Raw bytes as %XX, including ones that are not UTF-8. */
export const pctBytes = fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));

/** Header values a fetch Request accepts: Latin-1 without CR, LF, NUL, and no edge whitespace (it would be trimmed). */
export const headerValue = (minLength: number, maxLength: number) => fc.string({
  unit: fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0xa1, max: 0xff })).map((c) => String.fromCharCode(c)),
  minLength,
  maxLength,
});

export const b64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');
export const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');
