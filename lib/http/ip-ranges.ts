import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

interface Range {
  cidr: string;
  name: string;
}

interface ParsedRange extends Range {
  network: [Address, number];
}

/** Most specific first: the first match names the rule in the block reason. */
const BLOCKED_IPV4: Range[] = [
  { cidr: '169.254.169.254/32', name: 'cloud metadata endpoint' },
  { cidr: '100.100.100.200/32', name: 'cloud metadata endpoint' },
  { cidr: '0.0.0.0/8', name: 'unspecified ("this network")' },
  { cidr: '10.0.0.0/8', name: 'private' },
  { cidr: '100.64.0.0/10', name: 'carrier-grade NAT shared space' },
  { cidr: '127.0.0.0/8', name: 'loopback' },
  { cidr: '169.254.0.0/16', name: 'link-local' },
  { cidr: '172.16.0.0/12', name: 'private' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)' },
  { cidr: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast' },
  { cidr: '192.168.0.0/16', name: 'private' },
  { cidr: '198.18.0.0/15', name: 'benchmarking' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)' },
  { cidr: '224.0.0.0/4', name: 'multicast' },
  { cidr: '255.255.255.255/32', name: 'broadcast' },
  { cidr: '240.0.0.0/4', name: 'reserved' },
];

/** Checked before the IPv4-embedding forms, which would otherwise claim them as IPv4-compatible. */
const UNSPECIFIED_AND_LOOPBACK_IPV6: Range[] = [
  { cidr: '::/128', name: 'unspecified' },
  { cidr: '::1/128', name: 'loopback' },
];

const BLOCKED_IPV6: Range[] = [
  { cidr: 'fd00:ec2::254/128', name: 'cloud metadata endpoint' },
  { cidr: 'fe80::/10', name: 'link-local' },
  { cidr: 'fc00::/7', name: 'unique-local' },
  { cidr: 'fec0::/10', name: 'deprecated site-local' },
  { cidr: 'ff00::/8', name: 'multicast' },
  { cidr: '64:ff9b:1::/48', name: 'local-use NAT64' },
  { cidr: '100::/64', name: 'discard-only' },
  { cidr: '2001:db8::/32', name: 'documentation' },
  { cidr: '3fff::/20', name: 'documentation' },
  { cidr: '2001::/23', name: 'IETF protocol assignments (Teredo, benchmarking, ORCHID)' },
];

const GLOBAL_UNICAST_IPV6 = ipaddr.parseCIDR('2000::/3');

interface EmbeddingForm {
  cidr: string;
  name: string;
  /** The IPv4 addresses a packet to this IPv6 address ends up reaching. */
  embedded: (bytes: number[]) => number[][];
  /** Whether the form is routable in its own right when everything it embeds is public. */
  allowedWhenPublic: boolean;
}

const lastFourBytes = (bytes: number[]) => [bytes.slice(12, 16)];

const IPV4_EMBEDDING_FORMS: EmbeddingForm[] = [
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped', embedded: lastFourBytes, allowedWhenPublic: true },
  { cidr: '::ffff:0:0:0/96', name: 'SIIT IPv4-translated', embedded: lastFourBytes, allowedWhenPublic: false },
  { cidr: '64:ff9b::/96', name: 'NAT64', embedded: lastFourBytes, allowedWhenPublic: true },
  { cidr: '::/96', name: 'IPv4-compatible', embedded: lastFourBytes, allowedWhenPublic: false },
  { cidr: '2002::/16', name: '6to4', embedded: (bytes) => [bytes.slice(2, 6)], allowedWhenPublic: true },
  {
    cidr: '2001::/32',
    name: 'Teredo',
    // Teredo carries the server address in clear and the client address bit-inverted.
    embedded: (bytes) => [bytes.slice(4, 8), bytes.slice(12, 16).map((byte) => byte ^ 0xff)],
    allowedWhenPublic: false,
  },
];

const parseRanges = (ranges: Range[]): ParsedRange[] => ranges.map((range) => ({ ...range, network: ipaddr.parseCIDR(range.cidr) }));
const PARSED_IPV4 = parseRanges(BLOCKED_IPV4);
const PARSED_IPV6_FIRST = parseRanges(UNSPECIFIED_AND_LOOPBACK_IPV6);
const PARSED_IPV6 = parseRanges(BLOCKED_IPV6);
const PARSED_FORMS = IPV4_EMBEDDING_FORMS.map((form) => ({ ...form, network: ipaddr.parseCIDR(form.cidr) }));

export function parseIp(text: string): Address | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return ipaddr.isValid(bare) ? ipaddr.parse(bare) : null;
}

export function isInNetwork(address: Address, network: [Address, number]): boolean {
  return address.kind() === network[0].kind() && address.match(network);
}

/** Why `ip` must never be connected to, or null when it is an ordinary public address. */
export function blockedRangeReason(ip: string): string | null {
  const address = parseIp(ip);
  if (!address) return `${ip} is not an IP address`;
  return address.kind() === 'ipv4' ? ipv4Reason(address as ipaddr.IPv4) : ipv6Reason(address as ipaddr.IPv6);
}

const describe = (range: Range) => `${range.name} (${range.cidr})`;
const ipv4Range = (address: ipaddr.IPv4) => PARSED_IPV4.find((candidate) => isInNetwork(address, candidate.network));

function ipv4Reason(address: ipaddr.IPv4): string | null {
  const range = ipv4Range(address);
  return range ? `${address.toString()} is ${describe(range)}` : null;
}

function ipv6Reason(address: ipaddr.IPv6): string | null {
  const shown = address.toString();
  const first = PARSED_IPV6_FIRST.find((candidate) => isInNetwork(address, candidate.network));
  if (first) return `${shown} is ${describe(first)}`;

  const form = PARSED_FORMS.find((candidate) => isInNetwork(address, candidate.network));
  if (form) {
    for (const bytes of form.embedded(address.toByteArray())) {
      const inner = ipaddr.fromByteArray(bytes) as ipaddr.IPv4;
      const innerRange = ipv4Range(inner);
      if (innerRange) return `${shown} is the ${form.name} form of ${inner.toString()}, which is ${describe(innerRange)}`;
    }
    if (form.allowedWhenPublic) return null;
  }

  const range = PARSED_IPV6.find((candidate) => isInNetwork(address, candidate.network));
  if (range) return `${shown} is ${describe(range)}`;
  if (form) return `${shown} is a ${form.name} address (${form.cidr})`;
  if (!isInNetwork(address, GLOBAL_UNICAST_IPV6)) return `${shown} is reserved (outside global unicast 2000::/3)`;
  return null;
}
