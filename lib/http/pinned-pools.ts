import { buildConnector, Pool } from 'undici';

export interface PinnedPoolOptions {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  maxPools?: number;
}

export interface PinnedPools {
  /** A keep-alive pool for `origin` whose sockets only ever go to `address`. */
  poolFor(origin: string, address: string): Pool;
  close(): Promise<void>;
}

const refuseLookup = (hostname: string, _options: unknown, callback: (error: Error) => void) =>
  callback(new Error(`refusing unpinned DNS lookup of ${hostname}`));

/**
 * Connections are pinned to an address the guard already checked: the connector swaps the hostname for that IP,
 * while undici keeps deriving the Host header and TLS SNI from the origin. Pools are keyed by origin and address,
 * so a later answer for the same name never reuses a socket opened for a different address.
 */
export function createPinnedPools({ connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs, maxPools = 256 }: PinnedPoolOptions): PinnedPools {
  const pools = new Map<string, Pool>();
  const baseConnect = buildConnector({ timeout: connectTimeoutMs, lookup: refuseLookup as never });

  function createPool(origin: string, address: string): Pool {
    return new Pool(origin, {
      connect: (options, callback) => baseConnect({ ...options, hostname: address }, callback),
      headersTimeout: headersTimeoutMs,
      bodyTimeout: bodyTimeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  return {
    poolFor(origin, address) {
      const key = `${origin} ${address}`;
      let pool = pools.get(key);
      if (pool) {
        pools.delete(key); // re-inserted below: Map order doubles as least-recently-used order
      } else {
        pool = createPool(origin, address);
      }
      pools.set(key, pool);
      if (pools.size > maxPools) {
        const [oldestKey, oldest] = pools.entries().next().value as [string, Pool];
        pools.delete(oldestKey);
        oldest.close().catch(() => undefined);
      }
      return pool;
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.destroy().catch(() => undefined)));
    },
  };
}
