import ipaddr from 'ipaddr.js';
import { isInNetwork, parseIp } from './ip-ranges';

/** Operator exceptions (TRAWL_ALLOWED_HOSTS): exact hostnames, IPs or CIDRs that may be fetched on any port. */
export interface AllowList {
  hasHostname(hostname: string): boolean;
  coversAddress(ip: string): boolean;
  /** Whether any IP/CIDR entry exists, i.e. whether a hostname could turn out allowed once resolved. */
  hasNetworks: boolean;
}

const HOSTNAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

export function canonicalHostname(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.+$/, '');
}

export function createAllowList(entries: readonly string[]): AllowList {
  const hostnames = new Set<string>();
  const networks: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (ipaddr.isValidCIDR(entry)) {
      networks.push(ipaddr.parseCIDR(entry));
      continue;
    }
    const address = parseIp(entry);
    if (address) {
      networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    const hostname = canonicalHostname(entry);
    if (!HOSTNAME.test(hostname)) throw new Error(`invalid allowed host entry ${JSON.stringify(raw)}: expected a hostname, IP or CIDR`);
    hostnames.add(hostname);
  }
  return {
    hasHostname: (hostname) => hostnames.has(canonicalHostname(hostname)),
    coversAddress(ip) {
      const address = parseIp(ip);
      return address !== null && networks.some((network) => isInNetwork(address, network));
    },
    hasNetworks: networks.length > 0,
  };
}
