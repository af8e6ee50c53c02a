import { canonicalHostname, createAllowList } from './allow-list';
import { blockedRangeReason, parseIp } from './ip-ranges';
import { FETCHABLE_PROTOCOLS } from './url';

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** `trusted`: an allowedHosts entry covers the destination, so neither the port nor resolved addresses are checked. */
export type PreflightVerdict = { ok: true; trusted: boolean } | { ok: false; reason: string };

const DEFAULT_PORTS = [80, 443];

const BLOCKED_HOSTNAMES = new Map<string, string>([
  ['localhost', 'a loopback name'],
  ['localhost.localdomain', 'a loopback name'],
  ['ip6-localhost', 'a loopback name'],
  ['ip6-loopback', 'a loopback name'],
  ['metadata', 'a cloud metadata name'],
  ['metadata.google.internal', 'a cloud metadata name'],
  ['metadata.goog', 'a cloud metadata name'],
  ['instance-data', 'a cloud metadata name'],
  ['instance-data.ec2.internal', 'a cloud metadata name'],
]);

export interface AddressPolicy {
  /** Everything decidable without DNS: scheme, literal IPs, well-known names, port. */
  preflight(url: URL): PreflightVerdict;
  /** Every address the hostname resolved to must pass; one bad address blocks the whole name. */
  checkResolved(url: URL, addresses: readonly string[]): UrlCheck;
}

export function createAddressPolicy(allowedHosts: readonly string[], allowedPorts: readonly number[] = []): AddressPolicy {
  const allowList = createAllowList(allowedHosts);
  const permittedPorts = new Set([...DEFAULT_PORTS, ...allowedPorts]);
  const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
  const portReason = (url: URL) =>
    `port ${portOf(url)} is not allowed (only ${[...permittedPorts].join(', ')}, or any port on an allowed host)`;

  return {
    preflight(url) {
      if (!FETCHABLE_PROTOCOLS.has(url.protocol)) return { ok: false, reason: `scheme ${url.protocol} is not allowed (only http: and https:)` };
      const hostname = canonicalHostname(url.hostname);
      if (hostname === '') return { ok: false, reason: 'URL has no host' };
      if (allowList.hasHostname(hostname)) return { ok: true, trusted: true };
      const portAllowed = permittedPorts.has(portOf(url));

      if (parseIp(hostname)) {
        if (allowList.coversAddress(hostname)) return { ok: true, trusted: true };
        const reason = blockedRangeReason(hostname);
        if (reason) return { ok: false, reason: `address ${reason}` };
        return portAllowed ? { ok: true, trusted: false } : { ok: false, reason: portReason(url) };
      }

      const nameRule = blockedHostnameRule(hostname);
      if (nameRule) return { ok: false, reason: `hostname ${hostname} is ${nameRule}` };
      // A name on an unusual port may still resolve into an allowed network; only DNS can tell.
      if (!portAllowed && !allowList.hasNetworks) return { ok: false, reason: portReason(url) };
      return { ok: true, trusted: false };
    },

    checkResolved(url, addresses) {
      if (addresses.length === 0) return { ok: false, reason: `hostname ${url.hostname} resolved to no address` };
      const untrusted = addresses.filter((address) => !allowList.coversAddress(address));
      for (const address of untrusted) {
        const reason = blockedRangeReason(address);
        if (reason) return { ok: false, reason: `hostname ${url.hostname} resolves to ${reason}` };
      }
      if (untrusted.length > 0 && !permittedPorts.has(portOf(url))) return { ok: false, reason: portReason(url) };
      return { ok: true };
    },
  };
}

function blockedHostnameRule(hostname: string): string | undefined {
  if (hostname.endsWith('.localhost')) return 'a loopback name (*.localhost)';
  return BLOCKED_HOSTNAMES.get(hostname);
}

/**
 * Synchronous pre-check for user input (no DNS): scheme, port, literal IPs in any notation the URL parser accepts
 * (decimal, octal, hex, short IPv4; every IPv6 form) and well-known internal names. A pass is necessary, not
 * sufficient: the fetcher checks resolved addresses again on every hop.
 */
export function checkUrlLiteral(url: string, allowedHosts: string[], allowedPorts?: number[]): UrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  const verdict = createAddressPolicy(allowedHosts, allowedPorts).preflight(parsed);
  return verdict.ok ? { ok: true } : verdict;
}

