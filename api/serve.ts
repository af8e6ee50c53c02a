import { serve, type ServerType } from '@hono/node-server';
import { Connection, type Metadata } from '@temporalio/client';
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

/**
 * A Temporal connection that switches its AsyncLocalStorage off whenever none of its calls is in flight
 * (`TemporalConnection.connect(options)`, like `Connection.connect`). The connection hands metadata, deadlines and abort
 * signals to its gRPC calls through that storage — every workflow-service call goes through `withMetadata` — and once
 * an AsyncLocalStorage has been used, Node 20 runs a hook for every promise of the process: a fifth of the API's CPU,
 * spent on requests that never reach Temporal. A call reads the storage as it starts, so nothing in flight loses it.
 */
export class TemporalConnection extends Connection {
  #calls = 0;

  override withMetadata<R>(metadata: Metadata, fn: () => Promise<R>): Promise<R> {
    return this.#tracked(() => super.withMetadata(metadata, fn));
  }

  override withDeadline<R>(deadline: number | Date, fn: () => Promise<R>): Promise<R> {
    return this.#tracked(() => super.withDeadline(deadline, fn));
  }

  override withAbortSignal<R>(abortSignal: AbortSignal, fn: () => Promise<R>): Promise<R> {
    return this.#tracked(() => super.withAbortSignal(abortSignal, fn));
  }

  override withApiKey<R>(apiKey: string, fn: () => Promise<R>): Promise<R> {
    return this.#tracked(() => super.withApiKey(apiKey, fn));
  }

  async #tracked<R>(call: () => Promise<R>): Promise<R> {
    this.#calls++;
    try {
      return await call();
    } finally {
      if (--this.#calls === 0) this.callContextStorage.disable();
    }
  }
}
