// The development allowlist (BYOK_ALLOW_HOSTS, "host:port" entries, empty by default): lets a
// config point at a fake provider on loopback, over plain http, in tests and local runs.

/** "hostname:port" of a parsed URL, default port filled in, IPv6 in brackets (as URL spells it). */
export function hostKey(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  return `${url.hostname}:${port}`;
}

/** Entries normalized through the same WHATWG parser, so "127.1:8080" matches "127.0.0.1:8080". */
function normalizeEntry(entry: string): string | null {
  const m = /^(.+):(\d{1,5})$/.exec(entry.trim()); // an entry without an explicit port is ignored
  if (!m) return null;
  try {
    return `${new URL(`http://${m[1]}`).hostname}:${Number(m[2])}`;
  } catch {
    return null;
  }
}

export function isAllowlisted(url: URL, allowHosts: readonly string[]): boolean {
  if (!allowHosts.length) return false;
  const key = hostKey(url);
  return allowHosts.some((entry) => normalizeEntry(entry) === key);
}
