// The base_url policy, applied at create/update (static checks + DNS, never a socket) and again
// before every provider call (static checks; the addresses are re-checked by the dispatcher).
import { isAllowlisted } from './allowlist.js';
import { isIpLiteral, unsafeAddressReason } from './address.js';
import { unsafeNameReason } from './names.js';
import { systemResolver, type Resolver } from './resolve.js';

export const MAX_BASE_URL_LENGTH = 2048;

export type UrlVerdict = { ok: true; url: URL; allowlisted: boolean } | { ok: false; reason: string };

export interface UrlPolicy {
  /** BYOK_ALLOW_HOSTS entries ("host:port"). */
  allowHosts: readonly string[];
  resolve?: Resolver;
}

/**
 * Checks that need no network. The WHATWG parser is the one source of truth for the host: it
 * turns 2130706433, 0177.0.0.1, 0x7f000001 and 127.1 into 127.0.0.1 and [::ffff:127.0.0.1] into
 * [::ffff:7f00:1], so the classifier always sees the address the HTTP client would dial.
 */
export function checkBaseUrlStatic(raw: string, allowHosts: readonly string[]): UrlVerdict {
  if (raw.length > MAX_BASE_URL_LENGTH)
    return { ok: false, reason: `longer than ${MAX_BASE_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: `scheme ${url.protocol} is not allowed; use https` };
  // Userinfo (https://a@127.0.0.1) hides the real host from a reader, and would send credentials.
  if (url.username || url.password) return { ok: false, reason: 'must not contain credentials (user@host)' };
  if (url.search || url.hash) return { ok: false, reason: 'must not contain a query or fragment' };
  const allowlisted = isAllowlisted(url, allowHosts);
  if (allowlisted) return { ok: true, url, allowlisted };
  if (url.protocol !== 'https:')
    return { ok: false, reason: 'must use https (http only for allowlisted development hosts)' };
  if (isIpLiteral(url.hostname)) {
    const why = unsafeAddressReason(url.hostname);
    return why ? { ok: false, reason: `host ${url.hostname} is ${why}` } : { ok: true, url, allowlisted };
  }
  const why = unsafeNameReason(url.hostname);
  return why ? { ok: false, reason: `host ${why}` } : { ok: true, url, allowlisted };
}

/**
 * The full check for create/update: the static checks, then EVERY address the name resolves to
 * must be public. A name that does not resolve is refused too (fail closed: it cannot be vetted).
 * DNS only: this never opens a connection.
 */
export async function checkBaseUrl(raw: string, policy: UrlPolicy): Promise<UrlVerdict> {
  const verdict = checkBaseUrlStatic(raw, policy.allowHosts);
  if (!verdict.ok || verdict.allowlisted || isIpLiteral(verdict.url.hostname)) return verdict;
  const host = verdict.url.hostname;
  let addresses;
  try {
    addresses = await (policy.resolve ?? systemResolver)(host);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    return { ok: false, reason: `host ${host} does not resolve (${code})` };
  }
  if (!addresses.length) return { ok: false, reason: `host ${host} does not resolve` };
  for (const { address } of addresses) {
    const why = unsafeAddressReason(address);
    if (why) return { ok: false, reason: `host ${host} resolves to ${address}, ${why}` };
  }
  return verdict;
}
