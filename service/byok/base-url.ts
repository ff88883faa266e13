// Vets a base_url at create/update: DNS lookups allowed, sockets never (design §3.1: nothing is
// connected to on create). Returns the normalized URL, which is what gets stored and later dialled.
import type { AppContext } from '../context.js';
import { checkBaseUrl } from './ssrf/check-url.js';
import type { Resolver } from './ssrf/resolve.js';
import { unsafeBaseUrl } from './errors.js';

export async function vetBaseUrl(ctx: AppContext, raw: string, resolve?: Resolver): Promise<string> {
  const verdict = await checkBaseUrl(raw, { allowHosts: ctx.config.BYOK_ALLOW_HOSTS, resolve });
  if (!verdict.ok) throw unsafeBaseUrl(verdict.reason);
  // Store what the parser produced (not the raw string), without a trailing slash.
  return verdict.url.href.replace(/\/+$/, '');
}
