/** RFC 7591 dynamic client registration: what a new MCP client does first. */
import { test } from '../../helpers/fixtures.js';
import { loopbackRedirect } from '../../helpers/protocol/oauth-flow.js';
import { ClientRegistration, OAuthError } from '../../helpers/schemas/index.js';

test('register.dynamic.created_201', async ({ anon, check, ledger }) => {
  const redirect_uris = [loopbackRedirect(), 'http://localhost:47998/smoke-callback'];
  const res = await anon.post('/register', {
    data: {
      redirect_uris,
      client_name: 'engram-smoke register',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  });
  const reg = await check.json(res, 201, ClientRegistration);
  ledger.add({ kind: 'oauth_client', id: reg.client_id });
  const echoed =
    redirect_uris.every((u) => reg.redirect_uris.includes(u)) &&
    reg.redirect_uris.length === redirect_uris.length;
  check.that(
    echoed,
    `redirect_uris echoed as ${reg.redirect_uris.length} URI(s), not the ${redirect_uris.length} sent`,
  );
  // A public client (auth method none) gets no secret to leak.
  check.that(
    reg.client_secret === undefined,
    'a public client (token_endpoint_auth_method none) was issued a client_secret',
  );
  check.that(reg.client_id.length >= 8, `client_id only ${reg.client_id.length} chars`);
  check.detail(
    `201 client_id ${reg.client_id.slice(0, 8)}… (public, no secret), ${reg.redirect_uris.length} loopback redirect_uris echoed exactly`,
  );
});

test('register.http_non_loopback.rejected_400', async ({ anon, check }) => {
  // RFC 8252 §8.3 / OAuth 2.1: plain http only for the loopback interface.
  const res = await anon.post('/register', {
    data: {
      redirect_uris: ['http://smoke-client.example/callback'],
      client_name: 'engram-smoke bad',
      token_endpoint_auth_method: 'none',
    },
  });
  const body = await check.json(res, 400, OAuthError);
  const text = await res.text();
  check.that(
    !/client_id/.test(text),
    'the rejection body carries a client_id: the client may have been registered anyway',
  );
  check.that(
    /redirect_uri|client_metadata/.test(body.error),
    `error ${body.error}, want invalid_redirect_uri or invalid_client_metadata`,
  );
  check.detail(`http://smoke-client.example/callback -> 400 ${body.error}, no client_id issued`);
});
