/**
 * Refresh-token rotation and reuse detection (RFC 9700 §4.14.2), and RFC 7009 revocation, judged
 * where it matters: whether the tokens still open MCP.
 */
import { test } from '../../helpers/fixtures.js';
import { mcpStatusFor } from '../../helpers/protocol/mcp-http.js';
import {
  fetchTokenStatus,
  freshTokens,
  refreshTokens,
  registerClient,
} from '../../helpers/protocol/oauth-flow.js';
import { OAuthError, TokenResponse } from '../../helpers/schemas/index.js';

const refreshGrant = (client_id: string, refresh_token: string) => ({
  grant_type: 'refresh_token',
  client_id,
  refresh_token,
});

test('refresh.rotation.new_token_old_rejected', async ({ anon, state, check, ledger }) => {
  const t0 = await freshTokens(state, ledger);
  const res = await anon.post('/token', { form: refreshGrant(t0.client_id, t0.refresh_token) });
  const t1 = await check.json(res, 200, TokenResponse);
  check.that(!!t1.refresh_token, 'the refresh answered without a new refresh_token (no rotation)');
  ledger.add({ kind: 'oauth_token', id: t0.client_id, secret: t1.refresh_token! });
  check.that(
    t1.refresh_token !== t0.refresh_token,
    'the refresh handed back the same refresh token (no rotation)',
  );
  check.that(t1.access_token !== t0.access_token, 'the refresh handed back the same access token');
  const fresh = await mcpStatusFor(state.urls.mcp, t1.access_token);
  check.that(fresh === 200, `the rotated-in access token gets ${fresh} on MCP`);
  const again = await anon.post('/token', { form: refreshGrant(t0.client_id, t0.refresh_token) });
  const err = await check.json(again, 400, OAuthError);
  check.that(
    err.error === 'invalid_grant',
    `the rotated-out refresh token: error ${err.error}, want invalid_grant`,
  );
  check.detail(
    `refresh 200: new egr_ (differs), new ega_ works on MCP (200); the old egr_ again -> 400 invalid_grant`,
  );
});

test('refresh.reuse.family_revoked', async ({ anon, state, check, ledger }) => {
  const t0 = await freshTokens(state, ledger);
  const t1 = await refreshTokens(state.urls.admin, ledger, {
    client_id: t0.client_id,
    refresh_token: t0.refresh_token,
  });
  const before = await mcpStatusFor(state.urls.mcp, t1.access_token);
  check.that(before === 200, `precondition: the newest access token gets ${before} on MCP`);
  const res = await anon.post('/token', { form: refreshGrant(t0.client_id, t0.refresh_token) });
  const err = await check.json(res, 400, OAuthError);
  check.that(err.error === 'invalid_grant', `replayed refresh token: error ${err.error}, want invalid_grant`);
  // The replay means the token leaked: the whole family goes, the newest pair included.
  const after = await mcpStatusFor(state.urls.mcp, t1.access_token);
  check.that(
    after === 401,
    `after the replay the newest access token still gets ${after} on MCP: family not revoked`,
  );
  const newest = await fetchTokenStatus(
    state.urls.admin,
    ledger,
    refreshGrant(t0.client_id, t1.refresh_token),
  );
  check.that(
    newest.status === 400 && newest.error === 'invalid_grant',
    `after the replay the newest refresh token gets ${newest.status} ${newest.error ?? ''}`,
  );
  check.detail(
    `rotated once (newest ega_ MCP ${before}); old egr_ replayed -> 400 invalid_grant; newest ega_ now MCP ${after}, newest egr_ -> ${newest.status} ${newest.error}`,
  );
});

test('revoke.access_token.mcp_401', async ({ anon, state, check, ledger }) => {
  const t = await freshTokens(state, ledger);
  const before = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.that(before === 200, `precondition: the fresh access token gets ${before} on MCP`);
  const res = await anon.post('/revoke', {
    form: { token: t.access_token, token_type_hint: 'access_token', client_id: t.client_id },
  });
  await check.expectStatus(res, 200);
  const after = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.that(after === 401, `after /revoke the access token still gets ${after} on MCP`);
  check.detail(`ega_ on MCP ${before}; POST /revoke 200; the same token on MCP ${after}`);
});

test('revoke.refresh_token.grant_ended', async ({ anon, state, check, ledger }) => {
  const t = await freshTokens(state, ledger);
  const res = await anon.post('/revoke', {
    form: { token: t.refresh_token, token_type_hint: 'refresh_token', client_id: t.client_id },
  });
  await check.expectStatus(res, 200);
  const refresh = await fetchTokenStatus(
    state.urls.admin,
    ledger,
    refreshGrant(t.client_id, t.refresh_token),
  );
  check.that(
    refresh.status === 400 && refresh.error === 'invalid_grant',
    `the revoked refresh token still gets ${refresh.status} ${refresh.error ?? ''} at /token`,
  );
  // RFC 7009 §2.1: revoking a refresh token SHOULD also invalidate the access tokens of the grant.
  const onMcp = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.that(
    onMcp === 401,
    `the grant's access token still gets ${onMcp} on MCP after its refresh token was revoked`,
  );
  check.detail(
    `POST /revoke (refresh) 200; refresh grant -> ${refresh.status} ${refresh.error}; the grant's ega_ on MCP ${onMcp}`,
  );
});

test('revoke.other_client.token_survives', async ({ anon, state, check, ledger }) => {
  // RFC 7009 §2.1: the server verifies the token was issued to the client asking to revoke it.
  const [t, thief] = await Promise.all([
    freshTokens(state, ledger),
    registerClient(state.urls.admin, ledger),
  ]);
  const res = await anon.post('/revoke', {
    form: { token: t.refresh_token, token_type_hint: 'refresh_token', client_id: thief.client_id },
  });
  const status = await check.expectStatus(res, [200, 400, 401]);
  const onMcp = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.that(onMcp === 200, `client B's /revoke of client A's refresh token ended A's grant (MCP ${onMcp})`);
  check.detail(`client A's egr_ revoked by client B -> /revoke ${status}; A's ega_ still MCP ${onMcp}`);
});

test('revoke.unknown_token.200', async ({ anon, state, check, ledger }) => {
  // RFC 7009 §2.2: an invalid token is answered 200 (nothing to learn from the response).
  const t = await freshTokens(state, ledger);
  const res = await anon.post('/revoke', {
    form: { token: `ega_${'x'.repeat(43)}`, client_id: t.client_id },
  });
  await check.expectStatus(res, 200);
  const still = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.that(still === 200, `revoking a made-up token broke the client's real one (MCP ${still})`);
  check.detail(`made-up ega_ token -> /revoke 200; the client's real token still MCP ${still}`);
});

test('refresh.scope.wider_than_granted_refused', async ({ anon, state, check, ledger }) => {
  // RFC 6749 §6: the scope of a refresh "MUST NOT include any scope not originally granted".
  const t0 = await freshTokens(state, ledger, { scope: 'memories:read' });
  const granted = (t0.scope ?? 'memories:read').split(' ');
  check.that(
    !granted.includes('memories:write'),
    `precondition: a grant asked for memories:read came back with scope "${t0.scope}"`,
  );
  const res = await anon.post('/token', {
    form: { ...refreshGrant(t0.client_id, t0.refresh_token), scope: 'memories:read memories:write' },
  });
  if (res.status() === 200) {
    // Allowed only if it did not widen: the answered scope (absent = the requested one, §5.1) lacks write.
    const t1 = await check.json(res, 200, TokenResponse);
    if (t1.refresh_token) ledger.add({ kind: 'oauth_token', id: t0.client_id, secret: t1.refresh_token });
    check.that(
      t1.scope !== undefined && !t1.scope.split(' ').includes('memories:write'),
      `a refresh asking for memories:write on a memories:read grant was answered scope "${t1.scope ?? '(absent: the requested one)'}"`,
    );
    check.detail(
      `grant "${granted.join(' ')}"; refresh asking for write too -> 200, scope kept "${t1.scope}"`,
    );
    return;
  }
  const err = await check.json(res, 400, OAuthError);
  check.that(err.error === 'invalid_scope', `wider refresh: error ${err.error}, want invalid_scope`);
  check.detail(
    `grant "${granted.join(' ')}"; refresh asking for memories:write too -> 400 ${err.error}, no token`,
  );
});
