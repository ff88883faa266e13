/**
 * Teardown of the standards checks: revoke every token they minted (RFC 7009), refresh tokens
 * first (that ends their grants), where the server advertises a revocation_endpoint. Clients
 * registered with RFC 7591 stay: deleting them needs RFC 7592, which few servers offer.
 */
import { clientAuth, postForm } from './flow.js';
import { readClient, readMinted, readTarget } from './state.js';

export async function revokeMinted(): Promise<string> {
  const minted = readMinted();
  const as = readTarget()?.authServer?.doc;
  const client = readClient();
  if (!minted.length) return 'no tokens minted';
  if (!as?.revocation_endpoint || !client)
    return `${minted.length} token(s) left to expire: no revocation_endpoint advertised`;
  const auth = clientAuth(client, as);
  const revoke = (m: (typeof minted)[number]) =>
    postForm(as.revocation_endpoint!, { token: m.token, token_type_hint: m.hint, ...auth.form }, auth.headers)
      .then((r) => r.status === 200)
      .catch(() => false);
  // Refresh tokens first, side by side; then the access tokens.
  const refresh = await Promise.all(minted.filter((m) => m.hint === 'refresh_token').map(revoke));
  const access = await Promise.all(minted.filter((m) => m.hint === 'access_token').map(revoke));
  const ok = [...refresh, ...access].filter(Boolean).length;
  return `${ok} of ${minted.length} token(s) revoked at ${new URL(as.revocation_endpoint).pathname}`;
}
