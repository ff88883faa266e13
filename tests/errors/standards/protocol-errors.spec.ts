/**
 * Error paths every OAuth-protected MCP server shares, without assuming an error envelope:
 * OAuth errors as RFC 6749 JSON, no redirect to an unverified client. (The JSON-RPC errors for
 * bad MCP input need the oauth group's token: mcp/standards. The engram profile also checks
 * Engram's own envelope, in the files next door.)
 */
import { leakIn } from '../../../helpers/checks/clean-error.js';
import { loopbackRedirect, newState } from '../../../helpers/protocol/oauth-flow.js';
import { pkce } from '../../../helpers/protocol/pkce.js';
import { stands } from '../../../helpers/standards/clause.js';
import { test } from '../../../helpers/standards/fixtures.js';

test('token.bad_code.oauth_error_json', async ({ anon, as, client, check }) => {
  const std = stands(check, 'RFC 6749 §5.2');
  const res = await anon.post(as.token_endpoint!, {
    form: {
      grant_type: 'authorization_code',
      code: `smoke-${newState()}`,
      code_verifier: pkce().verifier,
      redirect_uri: client.redirect_uri,
      client_id: client.client_id,
    },
  });
  await check.expectStatus(res, [400, 401]);
  const ct = res.headers()['content-type'] ?? '';
  std.must(/^application\/json\b/i.test(ct), `content-type ${ct || 'none'}, want application/json`);
  const body = (await res.json()) as { error?: unknown };
  std.must(typeof body.error === 'string', 'no error member');
  std.should(
    res.status() === 400 && body.error === 'invalid_grant',
    `${res.status()} ${String(body.error)}, want 400 invalid_grant`,
  );
  std.should(
    leakIn(await res.text()) === null,
    `the body contains ${leakIn(await res.text())}`,
    'OWASP ASVS 7.4.1',
  );
  std.detail(`made-up code -> ${res.status()} ${ct.split(';')[0]} error=${String(body.error)}`);
});

test('authorize.unknown_client.no_redirect', async ({ anon, as, check }) => {
  const std = stands(check, 'RFC 6749 §4.1.2.1');
  const u = new URL(as.authorization_endpoint!);
  const redirect = loopbackRedirect('unverified');
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: `smoke-unknown-${newState()}`,
    redirect_uri: redirect,
    state: newState(),
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
  }))
    u.searchParams.set(k, v);
  const res = await anon.get(u.href, { maxRedirects: 0 });
  check.status(res.status());
  const loc = res.headers()['location'];
  std.must(!(loc && loc.startsWith(redirect)), `${res.status()} redirected to the unverified redirect_uri`);
  std.should(res.status() >= 400 && res.status() < 500, `unknown client_id answered ${res.status()}`);
  std.detail(
    `unknown client_id -> ${res.status()}${loc ? ` to ${new URL(loc, u).pathname}` : ', no Location'}; the unverified redirect_uri never used`,
  );
});
