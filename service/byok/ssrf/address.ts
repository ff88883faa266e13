// Is one IP address safe to connect to for a customer-supplied BYOK base_url?
// Allow-list shape: only global unicast passes; every special range is refused with its name,
// and IPv6 forms that carry an IPv4 address (NAT64, 6to4, Teredo) are judged by what they embed.
import ipaddr from 'ipaddr.js';

/** Cloud metadata endpoints, named explicitly so the refusal says why (most are also in a private range). */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack
  '169.254.170.2', // AWS ECS task metadata
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

const V4_REASONS: Record<string, string> = {
  unspecified: 'unspecified (0.0.0.0/8)',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local (169.254.0.0/16)',
  loopback: 'loopback (127.0.0.0/8)',
  carrierGradeNat: 'carrier-grade NAT (100.64.0.0/10)',
  private: 'private (RFC 1918)',
  reserved: 'reserved',
  as112: 'reserved (AS112)',
  amt: 'reserved (AMT)',
};

const V6_REASONS: Record<string, string> = {
  unspecified: 'unspecified (::)',
  linkLocal: 'link-local (fe80::/10)',
  multicast: 'multicast',
  loopback: 'loopback (::1)',
  uniqueLocal: 'unique-local (fc00::/7)',
  ipv4Mapped: 'IPv4-mapped IPv6',
  rfc6145: 'IPv4-translated IPv6',
  deprecatedSiteLocal: 'site-local (fec0::/10)',
  discard: 'discard-only (100::/64)',
};

/** The IPv4 addresses an IPv6 transition address carries, or null when it carries none. */
function embeddedIPv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4[] | null {
  const p = v6.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === 'rfc6052' && p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0) return [v4(p[6], p[7])]; // 64:ff9b::/96
  if (range === '6to4') return [v4(p[1], p[2])]; // 2002:AABB:CCDD::/48 (RFC 3056)
  // Teredo (RFC 4380): server in bits 32-63, client in the last 32 bits XOR 0xffffffff.
  if (range === 'teredo') return [v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff)];
  return null;
}

function classifyV4(v4: ipaddr.IPv4): string | null {
  const range = v4.range();
  if (range === 'unicast') return null;
  return V4_REASONS[range] ?? `special-purpose (${range})`;
}

function classifyV6(v6: ipaddr.IPv6): string | null {
  const range = v6.range();
  const embedded = embeddedIPv4(v6, range);
  if (embedded) {
    for (const inner of embedded) {
      const why = classifyV4(inner);
      if (why)
        return `${range === 'rfc6052' ? 'NAT64' : range} address embedding ${inner.toString()}, ${why}`;
    }
    return null;
  }
  if (range !== 'unicast') return V6_REASONS[range] ?? `special-purpose (${range})`;
  // ipaddr calls everything outside its table "unicast", including ::/8 (IPv4-compatible
  // ::a.b.c.d, RFC 4291 §2.5.5.1) and other unassigned space: only 2000::/3 is global unicast.
  if (!v6.match(ipaddr.IPv6.parse('2000::'), 3)) return 'not global unicast (outside 2000::/3)';
  return null;
}

/**
 * Why an address must not be connected to, or null when it is a public unicast address.
 * Accepts any form ipaddr.js parses, with or without IPv6 brackets.
 */
export function unsafeAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const ip = ipaddr.parse(bare);
  const canonical = ip.toString();
  if (METADATA_ADDRESSES.has(canonical)) return `cloud metadata endpoint (${canonical})`;
  return ip.kind() === 'ipv4' ? classifyV4(ip as ipaddr.IPv4) : classifyV6(ip as ipaddr.IPv6);
}

/** True when the string is an IP literal (bracketed IPv6 included), not a name. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
}
