/**
 * /token with a bad authorization-code request: each negative gets its own fresh code (minted with
 * the sign-in cookie, no browser), so one refusal never explains another. A wrong verifier is
 * the standards check's (oauth/standards/flow.spec.ts), in both profiles.
 */
import { test } from '../../helpers/fixtures.js';
import { mcpStatusFor } from '../../helpers/protocol/mcp-http.js';
import {
  exchangeCode,
  codeGrantForm,
  freshCode,
  grantOf,
  loopbackRedirect,
  registerClient,
} from '../../helpers/protocol/oauth-flow.js';
import { OAuthError } from '../../helpers/schemas/index.js';

test('token.missing_verifier.400', async ({ anon, state, check, ledger }) => {
  const f = await freshCode(state, ledger);
  const res = await anon.post('/token', {
    form: codeGrantForm({ client_id: f.client.client_id, code: f.code, redirect_uri: f.redirect_uri }),
  });
  const body = await check.json(res, 400, OAuthError);
  check.that(
    ['invalid_request', 'invalid_grant'].includes(body.error),
    `error ${body.error}, want invalid_request (or invalid_grant)`,
  );
  check.that(!(await res.text()).includes('access_token'), 'the refusal carries an access_token');
  check.detail(`valid code, no code_verifier -> 400 ${body.error}, no token`);
});

test('token.redirect_mismatch.invalid_grant', async ({ anon, state, check, ledger }) => {
  // Both URIs are registered: only exact equality with the one the code was issued for may pass.
  const issuedFor = loopbackRedirect();
  const other = loopbackRedirect();
  const client = await registerClient(state.urls.admin, ledger, { redirectUris: [issuedFor, other] });
  const f = await freshCode(state, ledger, { client, redirectUri: issuedFor });
  const res = await anon.post('/token', {
    form: codeGrantForm({
      client_id: client.client_id,
      code: f.code,
      redirect_uri: other,
      verifier: f.verifier,
    }),
  });
  const body = await check.json(res, 400, OAuthError);
  check.equal(body.error, 'invalid_grant', 'error');
  check.detail(
    `code for redirect_uri A redeemed with B (both registered), right verifier -> 400 invalid_grant`,
  );
});

test('token.reused_code.invalid_grant', async ({ anon, state, check, ledger }) => {
  const f = await freshCode(state, ledger);
  const grant = grantOf(f);
  await exchangeCode(state.urls.admin, ledger, grant); // the first redemption succeeds
  const res = await anon.post('/token', { form: codeGrantForm(grant) });
  const body = await check.json(res, 400, OAuthError);
  check.equal(body.error, 'invalid_grant', 'error');
  check.that(!(await res.text()).includes('access_token'), 'the second redemption carries an access_token');
  check.detail(`first redemption 200, the same code again (right verifier) -> 400 invalid_grant`);
});

test('token.reused_code.grant_revoked', async ({ anon, state, check, ledger }) => {
  // RFC 6749 §4.1.2 / RFC 9700 §4.2.4: a code used twice was likely stolen; the tokens it minted go.
  const f = await freshCode(state, ledger);
  const grant = grantOf(f);
  const first = await exchangeCode(state.urls.admin, ledger, grant);
  const before = await mcpStatusFor(state.urls.mcp, first.access_token);
  check.equal(before, 200, "precondition: MCP status for the first redemption's token");
  await check.expectStatus(await anon.post('/token', { form: codeGrantForm(grant) }), 400);
  const after = await mcpStatusFor(state.urls.mcp, first.access_token);
  check.equal(after, 401, 'MCP status for the token minted from the reused code');
  check.detail(`token from the code: MCP ${before}; code replayed -> 400; the same token now MCP ${after}`);
});
