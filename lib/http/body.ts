import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchFailure } from './fetch-failure';

export interface ReadBodyOptions {
  url: string;
  contentEncoding: string | null;
  /** Limit on the decoded size, so a decompression bomb fails like any other oversized body. */
  maxBytes: number;
  /** Aborting it (deadline or caller) destroys every stream in the chain. */
  signal: AbortSignal;
}

export interface ReadBody {
  /** Decoded bytes, decompressed. */
  body: Buffer;
  /**
   * The bytes as received when their only coding was gzip: a gzip stream of `body` (decoded leniently, as
   * `LENIENT_ZLIB` reads it), kept so that storing the body need not compress it again.
   */
  gzip: Buffer | null;
}

/** Streams a body through its decoders into memory, stopping as soon as the decoded size passes `maxBytes`. */
export async function readBody(source: Readable, options: ReadBodyOptions): Promise<ReadBody> {
  const decoders = decodersFor(options.contentEncoding, options.url);
  const received = decoders.length === 1 && decoders[0] instanceof zlib.Gunzip ? new Recorder() : null;
  const chunks: Buffer[] = [];
  let total = 0;
  const collector = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > options.maxBytes) {
        callback(new FetchFailure('TooLarge', `body exceeds ${options.maxBytes} bytes${decoders.length ? ' after decompression' : ''}`, { url: options.url }));
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline([source, ...(received ? [received] : []), ...decoders, collector], { signal: options.signal });
  return { body: Buffer.concat(chunks, total), gzip: received?.bytes() ?? null };
}

/** Zlib options that decode a truncated stream as far as it goes instead of failing. */
export const LENIENT_ZLIB = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** Passes chunks through unchanged, keeping a copy. */
class Recorder extends Transform {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    callback(null, chunk);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

/** Content-Encoding lists codings in the order applied, so they are undone in reverse. */
function decodersFor(contentEncoding: string | null, url: string): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding.split(',').map((coding) => coding.trim().toLowerCase()).filter((coding) => coding && coding !== 'identity');
  return codings.reverse().map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip(LENIENT_ZLIB);
      case 'deflate':
        return new DeflateDecoder();
      case 'br':
        return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new FetchFailure('UnsupportedContentType', `unsupported content-encoding ${coding}`, { url });
    }
  });
}

/** "deflate" is zlib-wrapped by the spec but raw deflate from many servers; the first byte tells them apart. */
class DeflateDecoder extends Transform {
  private inflater: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.inflater) {
      if (chunk.length === 0) return callback();
      const zlibWrapped = (chunk[0] & 0x0f) === 0x08;
      this.inflater = zlibWrapped ? zlib.createInflate(LENIENT_ZLIB) : zlib.createInflateRaw(LENIENT_ZLIB);
      this.inflater.on('data', (data: Buffer) => this.push(data));
      this.inflater.on('error', (error) => this.destroy(error));
    }
    this.inflater.write(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    if (!this.inflater) return callback();
    this.inflater.once('end', () => callback());
    this.inflater.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inflater?.destroy();
    callback(error);
  }
}

/** Drops a body we will not read; undici reports a destroyed unread body as an error nobody should see. */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
