// Host names refused before any DNS lookup: they name the local machine or a metadata service
// whatever the resolver says.

/** Metadata service names (GCP, AWS, Azure-style short names). */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Why a host name is refused outright, or null. Expects a WHATWG-parsed (lower-cased) hostname. */
export function unsafeNameReason(hostname: string): string | null {
  // A trailing dot is the same name, fully qualified ("localhost." is localhost).
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (!name) return 'empty host name';
  // Per RFC 6761 §6.3, localhost and every name under .localhost are loopback.
  if (name === 'localhost' || name.endsWith('.localhost')) return `${name} is loopback (RFC 6761)`;
  if (METADATA_NAMES.has(name)) return `${name} is a cloud metadata endpoint`;
  return null;
}
