/**
 * The authorization-code flow end to end: sign-in and consent in Chromium, the code exchange
 * (whose access token the mcp group uses), and what that token opens (the MCP SSE stream) and
 * does not (REST and the router).
 */
import { test, rememberSecret } from '../../helpers/fixtures.js';
import {
  closeRawSession,
  jsonRpcOf,
  mcpStatusFor,
  postInitialize,
  probeSessionStream,
  sendInitialized,
} from '../../helpers/protocol/mcp-http.js';
import {
  authorizeInBrowser,
  freshCode,
  codeGrantForm,
  freshTokens,
  newState,
  registerClient,
} from '../../helpers/protocol/oauth-flow.js';
import {
  publishBrowserCode,
  publishOAuthToken,
  publishOAuthTokenFailure,
  publishSigninCookie,
  readOAuthToken,
  takeBrowserCode,
} from '../../helpers/run/oauth-state.js';
import { pkce } from '../../helpers/protocol/pkce.js';
import { ErrorEnvelope, TokenResponse } from '../../helpers/schemas/index.js';

// In order, in one worker, whatever the layout: each check hands the next what it proved
// (Chromium's code, then the exchanged token).
test.describe.configure({ mode: 'default' });

test(
  'browser.signin_consent.code_with_state',
  { tag: ['@critical'] },
  async ({ page, state, tenant, check, ledger }) => {
    const admin = state.urls.admin;
    const client = await registerClient(admin, ledger, { name: 'engram-smoke browser' });
    const redirect_uri = client.redirect_uris[0]!;
    const { verifier, challenge } = pkce();
    const st = newState();
    const out = await authorizeInBrowser(
      page,
      admin,
      { client_id: client.client_id, redirect_uri, challenge, state: st },
      tenant,
    );
    check.status('-');
    check.that(
      out.signInPath !== out.consentPath,
      `sign-in and consent on the same path ${out.signInPath}: the sign-in step was skipped`,
    );
    const cb = out.callback;
    check.that(
      cb !== null,
      `consent never sent Chromium to the redirect_uri (last page ${new URL(page.url()).pathname})`,
    );
    const code = cb!.searchParams.get('code');
    const error = cb!.searchParams.get('error');
    check.that(!error, `redirect_uri got error=${error} instead of a code`);
    check.that(
      !!code && code.length >= 16,
      `redirect_uri got ${code ? `a ${code.length}-char code` : 'no code'}`,
    );
    rememberSecret(code);
    const gotState = cb!.searchParams.get('state');
    check.that(
      gotState === st,
      `state came back ${gotState === null ? 'missing' : 'different'} (sent ${st.length} chars)`,
    );

    // Hand the sign-in cookie and the code on: later checks mint codes without a browser, and the
    // exchange check redeems exactly the code Chromium got.
    const cookies = (await page.context().cookies(admin)).map((c) => `${c.name}=${c.value}`);
    if (cookies.length) publishSigninCookie(cookies.join('; '));
    publishBrowserCode({ client_id: client.client_id, redirect_uri, code: code!, verifier, state: st });
    const iss = cb!.searchParams.get('iss');
    check.detail(
      `Chromium: /authorize -> ${out.signInPath} (labelled fields filled) -> ${out.consentPath} (Allow) -> redirect_uri with a ${code!.length}-char code, state matches${iss ? `, iss ${iss}` : ''}; ${cookies.length} sign-in cookie(s) kept`,
    );
  },
);

test('token.exchange.access_and_refresh', { tag: ['@critical'] }, async ({ anon, state, check, ledger }) => {
  try {
    const browserCode = takeBrowserCode();
    const c = browserCode
      ? {
          client_id: browserCode.client_id,
          redirect_uri: browserCode.redirect_uri,
          code: browserCode.code,
          verifier: browserCode.verifier,
          from: 'the browser',
        }
      : await freshCode(state, ledger).then((f) => ({
          client_id: f.client.client_id,
          redirect_uri: f.redirect_uri,
          code: f.code,
          verifier: f.verifier,
          from: 'a fresh (cookie)',
        }));
    const res = await anon.post('/token', {
      form: codeGrantForm(c),
    });
    const t = await check.json(res, 200, TokenResponse);
    check.that(!!t.refresh_token, 'no refresh_token issued with the access token');
    ledger.add({ kind: 'oauth_token', id: c.client_id, secret: t.refresh_token! });
    check.that(/^bearer$/i.test(t.token_type), `token_type ${t.token_type}`);
    check.that(t.expires_in > 0, `expires_in ${t.expires_in}`);
    check.that(t.access_token !== t.refresh_token, 'access and refresh token are the same string');
    const cacheControl = res.headers()['cache-control'] ?? '';
    check.that(
      /no-store/i.test(cacheControl),
      `token response Cache-Control "${cacheControl}", RFC 6749 §5.1 wants no-store`,
    );
    publishOAuthToken({
      client_id: c.client_id,
      access_token: t.access_token,
      refresh_token: t.refresh_token!,
    });
    check.detail(
      `${c.from} code -> ${t.token_type} ega_… (${t.access_token.length} chars), expires_in ${t.expires_in} s, refresh egr_…, scope "${t.scope ?? '-'}", no-store; published for the mcp group`,
    );
  } catch (e) {
    // The mcp check waiting for this token stops waiting and says why.
    publishOAuthTokenFailure('oauth.token.exchange.access_and_refresh');
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
