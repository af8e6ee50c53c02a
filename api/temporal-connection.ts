import { Connection, type Metadata } from '@temporalio/client';

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
