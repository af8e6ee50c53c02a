import { serve, type ServerType } from '@hono/node-server';
import type { App } from './app';

/** Listens on host:port; `close()` stops accepting and lets in-flight requests finish (bounded). */
export async function listen(app: App, port: number, host: string): Promise<{ server: ServerType; url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(started));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${actualPort}`,
    close: () => new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
      }, 10_000);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    }),
  };
}
