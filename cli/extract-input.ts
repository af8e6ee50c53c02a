import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseConfig } from '../lib/config';
import { createFetcher, decodeBody, isFetchFailure } from '../lib/http';
import { CliError, UsageError } from './errors';
import { fetcherOptionsFromConfig } from '../lib/fetcher-options';
import type { CliIo } from './io';

/** The document to extract from, and the URL its relative links are resolved against. */
export interface ExtractInput {
  html: string;
  baseUrl: string;
}

/** Base URL of a document read from stdin when `--url` is not given. */
export const STDIN_BASE_URL = 'http://localhost/';

/**
 * Reads `source`: `-` is stdin, an http(s) URL is fetched through the guarded fetcher (SSRF guard and limits from the
 * environment, as for a scrape), a `file:` URL or anything else is a local path. `baseUrl` overrides the base of a
 * file or stdin; the base of a fetched page is its final URL after redirects.
 */
export async function readExtractInput(source: string, baseUrl: string | undefined, io: CliIo): Promise<ExtractInput> {
  if (/^https?:\/\//i.test(source)) {
    if (baseUrl !== undefined) throw new UsageError('--url applies to a file or stdin; a fetched page is resolved against its own URL');
    return fetchPage(source, io.env);
  }
  if (source === '-') return { html: decodeBody(await readAll(io.stdin), null).text, baseUrl: baseUrl ?? STDIN_BASE_URL };
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(source) && !/^file:/i.test(source)) {
    throw new UsageError(`cannot read ${source}: only http:, https: and file: URLs, a path, or - (stdin)`);
  }
  const filePath = /^file:/i.test(source) ? fileURLToPath(source) : path.resolve(source);
  return { html: decodeBody(await readLocalFile(filePath), null).text, baseUrl: baseUrl ?? pathToFileURL(filePath).href };
}

async function fetchPage(url: string, env: NodeJS.ProcessEnv): Promise<ExtractInput> {
  const config = readConfig(env);
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  try {
    const response = await fetcher.fetch(url);
    return { html: response.text, baseUrl: response.finalUrl };
  } catch (error) {
    if (isFetchFailure(error)) {
      const hint = error.type === 'BlockedAddress' ? ' — refused by the SSRF guard; to allow a host of your own, set TRAWL_ALLOWED_HOSTS (e.g. TRAWL_ALLOWED_HOSTS=127.0.0.1)' : '';
      throw new CliError(`cannot fetch ${url}: ${error.message}${hint}`);
    }
    throw error;
  } finally {
    await fetcher.close();
  }
}

function readConfig(env: NodeJS.ProcessEnv) {
  try {
    return parseConfig(env);
  } catch (error) {
    throw new CliError((error as Error).message.replace(/\n\s*/g, ' '));
  }
}

async function readLocalFile(filePath: string): Promise<Buffer> {
  try {
    return await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CliError(`cannot read ${filePath}: ${reason}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
