/**
 * Codes and tokens are bound to what they were issued for: a code only to its client (RFC 6749
 * §4.1.3), a refresh token only to its client (RFC 6749 §6, §10.4), and every token only to the
 * MCP resource (RFC 8707 §2: a token request naming another resource is refused, invalid_target).
 * The redirect_uri and verifier bindings are the token.* checks beside these.
 */
import { test } from '../../helpers/fixtures.js';
import { mcpStatusFor } from '../../helpers/protocol/mcp-http.js';
import { freshCode, freshCodeGrant, freshTokens, registerClient } from '../../helpers/protocol/oauth-flow.js';
import { OAuthError, TokenResponse } from '../../helpers/schemas/index.js';

test('binding.code.other_client_invalid_grant', async ({ anon, state, check, ledger }) => {
  const [f, thief] = await Promise.all([freshCode(state, ledger), registerClient(state.urls.admin, ledger)]);
  const res = await anon.post('/token', {
    form: freshCodeGrant(f, { client_id: thief.client_id }),
  });
  const text = await res.text();
  check.that(
    !text.includes('access_token'),
    `client B redeemed client A's code: ${res.status()} with an access_token`,
  );
  const body = await check.json(res, 400, OAuthError);
  check.equal(body.error, 'invalid_grant', 'error');
  check.detail(
    `client A's code (right redirect_uri and verifier) sent by client B -> 400 invalid_grant, no token`,
  );
});

test('binding.refresh.other_client_invalid_grant', async ({ anon, state, check, ledger }) => {
  const [t, thief] = await Promise.all([
    freshTokens(state, ledger),
    registerClient(state.urls.admin, ledger),
  ]);
  const res = await anon.post('/token', {
    form: { grant_type: 'refresh_token', client_id: thief.client_id, refresh_token: t.refresh_token },
  });
  const text = await res.text();
  check.that(
    !text.includes('access_token'),
    `client B refreshed client A's token: ${res.status()} with an access_token`,
  );
  const body = await check.json(res, 400, OAuthError);
  check.equal(body.error, 'invalid_grant', 'error');
  check.detail(`client A's refresh token sent by client B -> 400 invalid_grant, no token`);
});

test('binding.resource.other_resource_invalid_target', async ({ anon, state, check, ledger }) => {
  // The admin origin is a real URL, just not the protected resource.
  const f = await freshCode(state, ledger);
  const res = await anon.post('/token', {
    form: freshCodeGrant(f, { resource: `${state.urls.admin}/` }),
  });
  const text = await res.text();
  check.that(
    !text.includes('access_token'),
    `a token for resource ${state.urls.admin}/ was issued (${res.status()})`,
  );
  const body = await check.json(res, 400, OAuthError);
  check.that(
    ['invalid_target', 'invalid_grant'].includes(body.error),
    `error ${body.error}, want invalid_target`,
  );
  check.detail(`code exchange naming resource=<admin origin> -> 400 ${body.error}, no token`);
});

test('binding.resource.mcp_resource_token_works', async ({ anon, state, check, ledger, urls }) => {
  // The positive control of the check above: naming the MCP URL itself is accepted, and works there.
  const f = await freshCode(state, ledger);
  const res = await anon.post('/token', {
    form: freshCodeGrant(f, { resource: `${urls.mcp}/mcp` }),
  });
  const t = await check.json(res, 200, TokenResponse);
  if (t.refresh_token) ledger.add({ kind: 'oauth_token', id: f.client.client_id, secret: t.refresh_token });
  const [onMcp, refreshed] = await Promise.all([
    mcpStatusFor(urls.mcp, t.access_token),
    anon.post('/token', {
      form: {
        grant_type: 'refresh_token',
        client_id: f.client.client_id,
        refresh_token: t.refresh_token ?? '',
        resource: `${urls.admin}/`,
      },
    }),
  ]);
  check.equal(onMcp, 200, `MCP status for a token issued for resource=${urls.mcp}/mcp`);
  check.equal(refreshed.status(), 400, 'status of a refresh naming another resource');
  check.status(200);
  check.detail(
    `resource=<MCP URL> -> 200, token works on MCP (${onMcp}); refresh naming the admin origin -> ${refreshed.status()}`,
  );
});
