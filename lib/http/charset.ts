import { isUtf8 } from 'node:buffer';

export interface DecodedText {
  text: string;
  /** WHATWG canonical encoding name actually used, e.g. 'utf-8', 'windows-1252', 'shift_jis'. */
  charset: string;
}

const PRESCAN_BYTES = 4096;
const FALLBACK_FOR_INVALID_UTF8 = 'windows-1252';

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * Decodes a body the way a browser would, but tolerant of lying labels: BOM first, then the header charset, then
 * <meta charset>, <meta http-equiv> or the XML declaration. A utf-8 label on bytes that are not UTF-8 is ignored
 * (the classic latin-1-labelled-utf-8 mistake); valid multi-byte UTF-8 wins when any label says utf-8.
 * Never throws: undecodable bytes become U+FFFD.
 */
export function decodeBody(body: Buffer, headerCharset: string | null): DecodedText {
  const bomEncoding = encodingFromBom(body);
  if (bomEncoding) return decodeWith(body, bomEncoding);

  const declared = [canonicalEncoding(headerCharset), canonicalEncoding(sniffDeclaredCharset(body), { fromDocument: true })]
    .filter((encoding): encoding is string => encoding !== null);
  const validUtf8 = isUtf8(body);
  const hasMultibyte = validUtf8 && body.some((byte) => byte >= 0x80);

  if (hasMultibyte && declared.includes('utf-8')) return decodeWith(body, 'utf-8');
  const usable = declared.find((encoding) => encoding !== 'utf-8' || validUtf8);
  if (usable) return decodeWith(body, usable);
  return decodeWith(body, validUtf8 ? 'utf-8' : FALLBACK_FOR_INVALID_UTF8);
}

function encodingFromBom(body: Buffer): string | null {
  const match = BOMS.find(([bytes]) => bytes.every((byte, index) => body[index] === byte));
  return match ? match[1] : null;
}

/** Finds a charset declared inside the document's first bytes (HTML meta or XML declaration). */
export function sniffDeclaredCharset(body: Buffer): string | null {
  const head = body.subarray(0, PRESCAN_BYTES).toString('latin1');
  const meta = /<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1];
  const xml = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml ? xml[1] : null;
}

/** WHATWG name for a label, or null when TextDecoder does not know it. */
function canonicalEncoding(label: string | null, { fromDocument = false } = {}): string | null {
  if (!label) return null;
  try {
    const encoding = new TextDecoder(label.trim()).encoding;
    // A document cannot declare itself UTF-16 after being read as ASCII-compatible bytes (HTML spec).
    return fromDocument && encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return null;
  }
}

function decodeWith(body: Buffer, encoding: string): DecodedText {
  const decoder = new TextDecoder(encoding);
  return { text: decoder.decode(body), charset: decoder.encoding };
}
