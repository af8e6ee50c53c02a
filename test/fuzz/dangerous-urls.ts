import fc from 'fast-check';

/**
 * URLs the API must refuse wherever a URL is accepted (SSRF guard): non-http(s) schemes, loopback / private /
 * link-local / metadata / reserved addresses in every notation the WHATWG URL parser accepts, internal names (also
 * through IDN mappings), userinfo and parser tricks, and ports other than 80/443 on public hosts.
 *
 * The blocked ranges are listed here independently of lib/http/ip-ranges.ts, so a range dropped there is caught.
 * Only run the fuzzer with an empty TRAWL_ALLOWED_HOSTS, or some of these become legitimately allowed.
 */

const BLOCKED_IPV4_CIDRS: [string, number][] = [
  ['169.254.169.254', 32], ['100.100.100.200', 32], ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8],
  ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];

const toUint32 = (dotted: string) => dotted.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
const octets = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A random address inside one of the blocked IPv4 ranges, as an unsigned 32-bit number. */
export const blockedIpv4 = fc.tuple(fc.constantFrom(...BLOCKED_IPV4_CIDRS), fc.nat({ max: 0xffffffff })).map(([[base, bits], random]) => {
  const hostBits = 32 - bits;
  const host = hostBits === 0 ? 0 : hostBits === 32 ? random : random % 2 ** hostBits;
  return (toUint32(base) + host) >>> 0;
});

const FULLWIDTH_DIGITS = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

type Ipv4Notation = (n: number, pick: number[]) => string;
/** Every notation below parses (WHATWG IPv4 parser) to the same address `n`. */
const IPV4_NOTATIONS: Record<string, Ipv4Notation> = {
  dotted: (n) => octets(n).join('.'),
  dottedOctal: (n) => octets(n).map((o) => `0${o.toString(8)}`).join('.'),
  dottedHex: (n) => octets(n).map((o) => `0x${o.toString(16)}`).join('.'),
  dottedHexUpper: (n) => octets(n).map((o) => `0X${o.toString(16).toUpperCase()}`).join('.'),
  mixed: (n, pick) => octets(n).map((o, i) => [String(o), `0${o.toString(8)}`, `0x${o.toString(16)}`][pick[i] % 3]).join('.'),
  dword: (n) => String(n),
  dwordHex: (n) => `0x${n.toString(16)}`,
  dwordOctal: (n) => `0${n.toString(8)}`,
  threeParts: (n) => { const [a, b, c, d] = octets(n); return `${a}.${b}.${c * 256 + d}`; },
  twoParts: (n) => { const [a, b, c, d] = octets(n); return `${a}.${b * 65536 + c * 256 + d}`; },
  trailingDot: (n) => `${octets(n).join('.')}.`,
  leadingZeros: (n) => octets(n).map((o) => `00${o.toString(8)}`).join('.'),
  fullwidth: (n) => FULLWIDTH_DIGITS(octets(n).join('.')),
  ideographicDots: (n) => octets(n).join('\u3002'),
  fullwidthDots: (n) => octets(n).join('\uff0e'),
  percentEncoded: (n) => [...octets(n).join('.')].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join(''),
};

const hex4 = (n: number) => n.toString(16);
type Ipv6Form = (n: number, tail: number[]) => string;
/** IPv6 forms that embed (and so reach) the IPv4 address `n`; all must be refused when `n` is blocked. */
const IPV6_EMBEDDINGS: Record<string, Ipv6Form> = {
  mapped: (n) => `::ffff:${octets(n).join('.')}`,
  mappedHex: (n) => `::ffff:${hex4(n >>> 16)}:${hex4(n & 0xffff)}`,
  mappedLong: (n) => `0:0:0:0:0:ffff:${octets(n).join('.')}`,
  mappedUpper: (n) => `::FFFF:${hex4(n >>> 16).toUpperCase()}:${hex4(n & 0xffff).toUpperCase()}`,
  nat64: (n) => `64:ff9b::${octets(n).join('.')}`,
  nat64Hex: (n) => `64:ff9b::${hex4(n >>> 16)}:${hex4(n & 0xffff)}`,
  sixToFour: (n, tail) => `2002:${hex4(n >>> 16)}:${hex4(n & 0xffff)}:${tail.map(hex4).join(':')}`,
  compatible: (n) => `::${octets(n).join('.')}`,
  siit: (n) => `::ffff:0:${octets(n).join('.')}`,
};

const hextets = (prefix: number[], tail: number[]) => [...prefix, ...tail].slice(0, 8).map(hex4).join(':');
/** IPv6 ranges that are blocked in their own right. */
const blockedIpv6 = fc.oneof(
  fc.constantFrom('::1', '0:0:0:0:0:0:0:1', '0000:0000:0000:0000:0000:0000:0000:0001', '::0:1', '0::1', '::', '0:0:0:0:0:0:0:0', 'fd00:ec2::254'),
  fc.tuple(fc.nat({ max: 0x3ff }), fc.array(fc.nat({ max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([low, tail]) => hextets([0xfe80 | low], tail)),
  fc.tuple(fc.nat({ max: 0x1ff }), fc.array(fc.nat({ max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([low, tail]) => hextets([0xfc00 | low], tail)),
  fc.tuple(fc.nat({ max: 0xff }), fc.array(fc.nat({ max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([low, tail]) => hextets([0xff00 | low], tail)),
  fc.tuple(fc.nat({ max: 0x3f }), fc.array(fc.nat({ max: 0xffff }), { minLength: 7, maxLength: 7 })).map(([low, tail]) => hextets([0xfec0 | low], tail)),
  fc.array(fc.nat({ max: 0xffff }), { minLength: 6, maxLength: 6 }).map((tail) => hextets([0x2001, 0x0db8], tail)),
  fc.array(fc.nat({ max: 0xffff }), { minLength: 7, maxLength: 7 }).map((tail) => hextets([0x2001], [0, ...tail])),
);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
/** Internal names, also as the IDN mapping (UTS #46) turns them into: circled, fullwidth, roman-numeral letters. */
const blockedName = fc.oneof(
  fc.constantFrom(
    'localhost', 'LOCALHOST', 'LocalHost', 'localhost.', 'localhost..', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback',
    'metadata', 'metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal',
    '\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3', // ⓛⓞⓒⓐⓛⓗⓞⓢⓣ
    '\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54', // ｌｏｃａｌｈｏｓｔ
    'loca\u217chost', // ⅼ (small roman numeral fifty)
    'local\u00adhost', // soft hyphen, removed by the mapping
    'local\u200bhost', // zero-width space, removed
    '\uff4d\uff45\uff54\uff41\uff44\uff41\uff54\uff41', // ｍｅｔａｄａｔａ
    'metadata\u3002google\u3002internal',
    'lo%63alhost',
  ),
  label.map((l) => `${l}.localhost`),
  label.map((l) => `${l}.LOCALHOST.`),
);

const blockedHost = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(blockedIpv4, fc.constantFrom(...Object.keys(IPV4_NOTATIONS)), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }))
    .map(([n, notation, pick]) => IPV4_NOTATIONS[notation](n, pick)) },
  { weight: 2, arbitrary: fc.tuple(blockedIpv4, fc.constantFrom(...Object.keys(IPV6_EMBEDDINGS)), fc.array(fc.nat({ max: 0xffff }), { minLength: 5, maxLength: 5 }))
    .map(([n, form, tail]) => `[${IPV6_EMBEDDINGS[form](n, tail)}]`) },
  { weight: 2, arbitrary: blockedIpv6.map((ip) => `[${ip}]`) },
  { weight: 2, arbitrary: blockedName },
);

/** Characters the URL parser strips (tab, newline) — inserted anywhere in the host they change nothing. */
const sprinkleStripped = (host: string, positions: number[]) => {
  if (host.startsWith('[')) return host;
  let out = host;
  for (const p of positions) {
    const i = p % (out.length + 1);
    out = `${out.slice(0, i)}${p % 2 ? '\t' : '\n'}${out.slice(i)}`;
  }
  return out;
};

const scheme = fc.constantFrom('http', 'https', 'HTTP', 'HtTpS');
const afterScheme = fc.constantFrom('://', '://', '://', ':\\\\', ':/\\', ':', ':/', ':///');
const userinfo = fc.constantFrom('', '', '', 'user@', 'user:pass@', 'example.com@', 'example.com:443@', 'https%3A%2F%2Fexample.com@', '@', ':@');
const port = fc.oneof(fc.constant(''), fc.constant(''), fc.constantFrom(':80', ':443', ':8080', ':22', ':6379', ':0'), fc.integer({ min: 1, max: 65535 }).map((p) => `:${p}`));
const rest = fc.constantFrom(
  '', '/', '/latest/meta-data/iam/security-credentials/', '/computeMetadata/v1/?recursive=true', '/admin?x=1', '/#frag', '\\x', '/..%2F..%2Fetc%2Fpasswd', '?@example.com',
);
const padding = fc.constantFrom('', '', '', ' ', '\t', '\n', '\u0000', '\u001f', '\u0020\u0009');

const blockedHttpUrl = fc.record({ scheme, afterScheme, userinfo, host: blockedHost, port, rest, pre: padding, post: padding, sprinkle: fc.array(fc.nat(), { maxLength: 2 }) })
  .map(({ scheme: s, afterScheme: a, userinfo: u, host, port: p, rest: r, pre, post, sprinkle }) => `${pre}${s}${a}${u}${sprinkleStripped(host, sprinkle)}${p}${r}${post}`);

const otherSchemes = fc.oneof(
  fc.constantFrom(
    'file:///etc/passwd', 'file://localhost/etc/passwd', 'FILE:///c:/windows/win.ini', 'file:/proc/self/environ', 'file:\\\\server\\share',
    'javascript:alert(1)', 'JaVaScRiPt:alert(document.domain)', 'javascript://example.com/%0aalert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'data:,hello', 'DATA:text/plain,x',
    'ftp://example.com/file', 'gopher://127.0.0.1:25/_HELO', 'dict://127.0.0.1:11211/stat', 'ldap://example.com/', 'tftp://example.com/x',
    'ws://example.com/', 'wss://example.com/', 'jar:http://example.com!/x', 'blob:https://example.com/0f5b', 'about:blank', 'mailto:a@example.com',
    'view-source:https://example.com/', 'vbscript:msgbox(1)', 'tel:+1', 'chrome://settings', 'sftp://example.com/', 'smb://example.com/share',
    'netdoc:///etc/passwd', 'http+unix://%2Fvar%2Frun%2Fdocker.sock/info', 'unix:/var/run/docker.sock', 'urn:isbn:0451450523',
  ),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9+.-]{0,12}$/), blockedHost).filter(([s]) => s !== 'http' && s !== 'https').map(([s, h]) => `${s}://${h}/`),
);

/** Not absolute http(s) URLs with a host at all. */
const notAUrl = fc.constantFrom(
  '', ' ', 'example.com', 'example.com/docs', '//example.com/', '/relative', '?', '#', 'http://', 'https://', 'http:///', 'https://:443/',
  'http://[::1', 'http://[]/', 'http://[::ffff:1.2.3.4.5]/', 'http://exa mple.com/', 'http://%/', 'http://%zz/', 'http://a\u0000b/', 'http://\ud800/',
  'http://1.2.3.4.5/', 'http://256.256.256.256/', 'http://0x100000000/', 'http://999999999999/', 'http://example.com:65536/', 'http://example.com:-1/',
  'http://example.com:port/', 'http://[fe80::1%25eth0]/', 'http://a@b@c@/', 'http://xn--/', 'http://xn--a/', 'http://.',
);

/** Public hosts on ports other than 80 and 443. */
const publicOddPort = fc.tuple(
  fc.constantFrom('example.com', 'EXAMPLE.com', '93.184.215.14', '[2606:2800:21f:cb07:6820:80da:af6b:8b2c]', 'xn--bcher-kva.example'),
  fc.integer({ min: 0, max: 65535 }).filter((p) => p !== 80 && p !== 443),
  fc.constantFrom('http', 'https'),
).map(([host, p, s]) => `${s}://${host}:${p}/`);

export const dangerousUrl: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: blockedHttpUrl },
  { weight: 2, arbitrary: otherSchemes },
  { weight: 1, arbitrary: notAUrl },
  { weight: 1, arbitrary: publicOddPort },
);
