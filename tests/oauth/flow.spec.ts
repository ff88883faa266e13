/**
 * Engram's authorization-code flow end to end: the code exchange (whose access token the mcp
 * group uses), and what that token opens (the MCP SSE stream) and does not (REST and the
 * router). Sign-in and consent in Chromium are the standards check's (standards/flow.spec.ts).
 */
import { test } from '../../helpers/fixtures.js';
import {
  closeRawSession,
  jsonRpcOf,
  mcpStatusFor,
  postInitialize,
  probeSessionStream,
  sendInitialized,
} from '../../helpers/protocol/mcp-http.js';
import { freshCode, codeGrantForm, freshTokens } from '../../helpers/protocol/oauth-flow.js';
import {
  publishOAuthToken,
  publishOAuthTokenFailure,
  readOAuthToken,
} from '../../helpers/run/oauth-state.js';
import { ErrorEnvelope, TokenResponse } from '../../helpers/schemas/index.js';

// In order, in one worker, whatever the layout: the exchange hands the next checks its token.
test.describe.configure({ mode: 'default' });

test('token.exchange.access_and_refresh', { tag: ['@critical'] }, async ({ anon, state, check, ledger }) => {
  try {
    const f = await freshCode(state, ledger);
    const c = {
      client_id: f.client.client_id,
      redirect_uri: f.redirect_uri,
      code: f.code,
      verifier: f.verifier,
    };
    const res = await anon.post('/token', {
      form: codeGrantForm(c),
    });
    const t = await check.json(res, 200, TokenResponse);
    check.that(!!t.refresh_token, 'no refresh_token issued with the access token');
    ledger.add({ kind: 'oauth_token', id: c.client_id, secret: t.refresh_token! });
    // The token is what the mcp group needs; the rules below judge this response, not the token.
    publishOAuthToken({
      client_id: c.client_id,
      access_token: t.access_token,
      refresh_token: t.refresh_token!,
    });
    check.that(/^bearer$/i.test(t.token_type), `token_type ${t.token_type}`);
    check.that(t.expires_in > 0, `expires_in ${t.expires_in}`);
    check.that(t.access_token !== t.refresh_token, 'access and refresh token are the same string');
    const cacheControl = res.headers()['cache-control'] ?? '';
    check.that(
      /no-store/i.test(cacheControl),
      `token response Cache-Control "${cacheControl}", RFC 6749 §5.1 wants no-store`,
    );
    check.detail(
      `a fresh code (the signed-in cookie) -> ${t.token_type} ega_… (${t.access_token.length} chars), expires_in ${t.expires_in} s, refresh egr_…, scope "${t.scope ?? '-'}", no-store; published for the mcp group`,
    );
  } catch (e) {
    // No token: the mcp check that needs it says why instead of waiting.
    if (!readOAuthToken()) publishOAuthTokenFailure('oauth.token.exchange.access_and_refresh', e);
    throw e;
  }
});

test('token.access.mcp_sse_opens', async ({ http, state, check, ledger }) => {
  const published = readOAuthToken();
  const token = published?.access_token ?? (await freshTokens(state, ledger)).access_token;
  const mcp = await http({ app: 'mcp' });
  const res = await postInitialize(mcp, token);
  await check.expectStatus(res, 200);
  const sessionId = res.headers()['mcp-session-id'];
  check.that(!!sessionId, 'initialize 200 without an Mcp-Session-Id header');
  const msg = jsonRpcOf(await res.text(), res.headers()['content-type'] ?? '') as
    { result?: { protocolVersion?: string } } | undefined;
  const session = { sessionId: sessionId!, protocolVersion: msg?.result?.protocolVersion ?? '' };
  check.that(!!session.protocolVersion, 'initialize result has no protocolVersion');
  try {
    const initialized = await sendInitialized(state.urls.mcp, token, session);
    check.that(
      initialized === 202 || initialized === 200,
      `notifications/initialized answered ${initialized}`,
    );
    const probe = await probeSessionStream(state.urls.mcp, token, session);
    check.that(
      probe.outcome !== 'no_headers',
      `SSE GET timed out before any headers (${probe.ms} ms): the stream never opened`,
    );
    check.that(probe.outcome === 'headers', `SSE GET failed: ${probe.error ?? 'unknown error'}`);
    check.status(probe.status!);
    check.that(
      probe.status === 200,
      `SSE GET answered ${probe.status}${probe.wwwAuthenticate ? ' with a WWW-Authenticate challenge' : ''}`,
    );
    check.that(
      /^text\/event-stream/i.test(probe.contentType ?? ''),
      `SSE GET content-type ${probe.contentType ?? 'none'}`,
    );
    check.detail(
      `${published ? 'published' : 'fresh'} OAuth token: initialize 200 (Mcp-Session-Id, protocol ${session.protocolVersion}), SSE GET 200 ${probe.contentType}, timed out after headers (${probe.ms} ms, ${probe.firstChunkBytes} bytes) = open`,
    );
  } finally {
    await closeRawSession(state.urls.mcp, token, session);
  }
});

test('token.access.rejected_off_mcp', async ({ http, state, check, ledger }) => {
  // An OAuth access token is audience-bound to the MCP resource: REST and the router refuse it.
  const t = await freshTokens(state, ledger);
  const onMcp = await mcpStatusFor(state.urls.mcp, t.access_token);
  check.equal(onMcp, 200, 'precondition: MCP status for the fresh token');
  const bearer = { bearer: t.access_token };
  const rest = await check.json(
    await (await http({ app: 'admin', auth: bearer })).get('/account/profile'),
    401,
    ErrorEnvelope,
  );
  const router = await check.json(
    await (await http({ app: 'router', auth: bearer })).get('/router/buckets'),
    401,
    ErrorEnvelope,
  );
  check.detail(
    `ega_ token live on MCP (200), yet GET /account/profile 401 ${rest.error.code}, GET /router/buckets 401 ${router.error.code}`,
  );
});
