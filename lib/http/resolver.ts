import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { canonicalHostname } from './allow-list';
import { raceWithSignal } from './deadline';

export type ResolveHostname = (hostname: string) => Promise<string[]>;

export const systemResolve: ResolveHostname = async (hostname) => {
  const records = await lookup(hostname, { all: true, verbatim: true });
  return records.map((record) => record.address);
};

/**
 * The addresses a URL host stands for: a literal IP as is, a name through `resolve` (once; the caller pins the
 * connection to what this returned, so there is no second lookup to rebind). Aborts with `signal`.
 */
export async function resolveHost(hostname: string, resolve: ResolveHostname, signal: AbortSignal): Promise<string[]> {
  const host = canonicalHostname(hostname);
  if (isIP(host)) return [host];
  const addresses = await raceWithSignal(resolve(host), signal);
  return [...new Set(addresses.map((address) => address.trim()))];
}
