import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsEndpoint {
  /** `http://host:port/metrics` */
  url: string;
  close(): Promise<void>;
}

/** `host:port`, `[::]:port` or `:port` (all interfaces) → its parts; throws on anything else. */
export function parseBindAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`not a host:port bind address: ${address}`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

/**
 * Serves `GET /metrics` on `address`: the registry, followed by the text of `upstream` (another Prometheus endpoint
 * of the same process, such as the Temporal SDK's exporter) when given, so one scrape target carries both.
 * An upstream that does not answer leaves a comment instead of failing the scrape.
 */
export async function serveMetrics({ address, registry, upstream, upstreamTimeoutMs = 2_000 }: {
  address: string;
  registry: Registry;
  upstream?: string;
  upstreamTimeoutMs?: number;
}): Promise<MetricsEndpoint> {
  const { host, port } = parseBindAddress(address);
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('see /metrics\n');
    try {
      const own = await registry.metrics();
      const extra = upstream ? await fetchUpstream(upstream, upstreamTimeoutMs) : '';
      const body = own.endsWith('\n') || own === '' ? own + extra : `${own}\n${extra}`;
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  await listen(server, port, host);
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shownHost}:${bound.port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function fetchUpstream(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return `# upstream ${url} answered HTTP ${response.status}\n`;
    const text = await response.text();
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  } catch (error) {
    return `# upstream ${url} unavailable: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A TCP port free on 127.0.0.1 right now (for an internal listener that cannot report the port it bound). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
