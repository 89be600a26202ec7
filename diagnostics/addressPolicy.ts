import { BlockList, isIP } from 'node:net';

/** Why an address is refused, for callers that treat, say, private addresses differently from loopback. */
export type RefusedCategory =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'tunnel';

/** Outcome of {@link isRefusedAddress}: a reason is always given when the address is refused. */
export type AddressVerdict = { refused: false } | { refused: true; reason: string; category: RefusedCategory };

type Family = 'ipv4' | 'ipv6';
interface Rule {
  readonly category: RefusedCategory;
  readonly reason: string;
  readonly family: Family;
  readonly subnet: string;
  readonly prefix: number;
}

const rule = (family: Family, subnet: string, prefix: number, category: RefusedCategory, reason: string): Rule => ({
  family,
  subnet,
  prefix,
  category,
  reason,
});

/*
 * Ordered most specific first: the first matching rule names the reason, so the cloud metadata
 * address is reported as such rather than as generic link-local.
 * IPv4 rules also match IPv4-mapped IPv6 addresses (::ffff:a.b.c.d): node:net's BlockList does that.
 */
const RULES: readonly Rule[] = [
  rule('ipv4', '169.254.169.254', 32, 'metadata', 'the cloud instance metadata address (169.254.169.254)'),
  rule('ipv4', '255.255.255.255', 32, 'broadcast', 'the broadcast address'),
  rule('ipv4', '0.0.0.0', 8, 'unspecified', 'an unspecified / "this network" address (0.0.0.0/8)'),
  rule('ipv4', '10.0.0.0', 8, 'private', 'a private address (10.0.0.0/8)'),
  rule('ipv4', '100.64.0.0', 10, 'shared', 'a carrier-grade NAT shared address (100.64.0.0/10)'),
  rule('ipv4', '127.0.0.0', 8, 'loopback', 'a loopback address (127.0.0.0/8)'),
  rule('ipv4', '169.254.0.0', 16, 'link-local', 'a link-local address (169.254.0.0/16)'),
  rule('ipv4', '172.16.0.0', 12, 'private', 'a private address (172.16.0.0/12)'),
  rule('ipv4', '192.0.0.0', 24, 'reserved', 'an IETF protocol assignment address (192.0.0.0/24)'),
  rule('ipv4', '192.0.2.0', 24, 'reserved', 'a documentation address (192.0.2.0/24)'),
  rule('ipv4', '192.88.99.0', 24, 'reserved', 'a 6to4 relay anycast address (192.88.99.0/24)'),
  rule('ipv4', '192.168.0.0', 16, 'private', 'a private address (192.168.0.0/16)'),
  rule('ipv4', '198.18.0.0', 15, 'reserved', 'a benchmarking address (198.18.0.0/15)'),
  rule('ipv4', '198.51.100.0', 24, 'reserved', 'a documentation address (198.51.100.0/24)'),
  rule('ipv4', '203.0.113.0', 24, 'reserved', 'a documentation address (203.0.113.0/24)'),
  rule('ipv4', '224.0.0.0', 4, 'multicast', 'a multicast address (224.0.0.0/4)'),
  rule('ipv4', '240.0.0.0', 4, 'reserved', 'a reserved address (240.0.0.0/4)'),
  rule('ipv6', '::', 128, 'unspecified', 'the unspecified address (::)'),
  rule('ipv6', '::1', 128, 'loopback', 'the loopback address (::1)'),
  rule('ipv6', 'fd00:ec2::254', 128, 'metadata', 'the cloud instance metadata address (fd00:ec2::254)'),
  // Deprecated IPv4-compatible form (::a.b.c.d) would smuggle an IPv4 address past the IPv4 rules.
  rule('ipv6', '::', 96, 'tunnel', 'a deprecated IPv4-compatible IPv6 address (::/96)'),
  // Translation prefixes embed an IPv4 address we cannot see through, so they are refused outright.
  rule('ipv6', '64:ff9b::', 96, 'tunnel', 'a NAT64 address (64:ff9b::/96): the IPv4 address behind it is unknown'),
  rule('ipv6', '64:ff9b:1::', 48, 'tunnel', 'a local-use NAT64 address (64:ff9b:1::/48)'),
  rule('ipv6', '100::', 64, 'reserved', 'a discard-only address (100::/64)'),
  rule('ipv6', '2001::', 32, 'tunnel', 'a Teredo tunnel address (2001::/32)'),
  rule('ipv6', '2001:db8::', 32, 'reserved', 'a documentation address (2001:db8::/32)'),
  rule('ipv6', '2002::', 16, 'tunnel', 'a 6to4 address (2002::/16): the IPv4 address behind it is not checked'),
  rule('ipv6', 'fc00::', 7, 'private', 'a unique local (private) address (fc00::/7)'),
  rule('ipv6', 'fe80::', 10, 'link-local', 'a link-local address (fe80::/10)'),
  rule('ipv6', 'fec0::', 10, 'private', 'a deprecated site-local address (fec0::/10)'),
  rule('ipv6', 'ff00::', 8, 'multicast', 'a multicast address (ff00::/8)'),
];

// One BlockList per rule so that a match can name its reason (BlockList itself only says yes/no).
const LISTS: ReadonlyArray<{ list: BlockList; rule: Rule }> = RULES.map((r) => {
  const list = new BlockList();
  list.addSubnet(r.subnet, r.prefix, r.family);
  return { list, rule: r };
});

const MAPPED = new BlockList();
MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/**
 * Whether a probe may connect to this IP address. Refuses loopback, private, link-local (including
 * the cloud metadata address), unspecified, CGNAT, multicast, broadcast, documentation, reserved and
 * tunnelling ranges, for IPv4, IPv6 and IPv4-mapped IPv6 alike. Anything that is not a plain IP
 * address (host names, `0x7f.1`, `2130706433`, padded strings) is refused too: fail closed.
 *
 * @param ip - an address as returned by a resolver, e.g. `"203.0.113.7"` or `"2001:db8::1"`.
 * @returns `{ refused: false }`, or `{ refused: true, reason, category }` with a plain-words reason.
 */
export function isRefusedAddress(ip: string): AddressVerdict {
  const version = typeof ip === 'string' ? isIP(ip) : 0;
  if (version === 0) return { refused: true, reason: 'not a valid IP address', category: 'invalid' };
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const mapped = family === 'ipv6' && MAPPED.check(ip, 'ipv6');
  for (const { list, rule: r } of LISTS) {
    if (list.check(ip, family))
      return {
        refused: true,
        category: r.category,
        reason: mapped ? `${r.reason}, written as an IPv4-mapped IPv6 address` : r.reason,
      };
  }
  return { refused: false };
}
