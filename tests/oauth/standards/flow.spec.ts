/**
 * The authorization code flow as an MCP client runs it against any authorization server: RFC 7591
 * registration (or a configured client), /authorize in Chromium with PKCE S256 and the RFC 8707
 * resource, the code exchange (its token is what the mcp group uses), then the refusals that keep
 * codes and tokens from being stolen or misused. A sign-in the smoke cannot complete is a skip.
 * The registration check's client is the others' (a worker registers its own if they run first).
 */
import { loopbackRedirect } from '../../../helpers/protocol/oauth-flow.js';
import { pkce } from '../../../helpers/protocol/pkce.js';
import { stands, notOffered } from '../../../helpers/standards/clause.js';
import type { Check } from '../../../helpers/check.js';
import { test } from '../../../helpers/standards/fixtures.js';
import {
  authorizationCode,
  clientAuth,
  clientFromEnv,
  codeInBrowser,
  exchange,
  postForm,
  registrationBody,
  resourceOf,
  tokenRequest,
  type BrowserCode,
} from '../../../helpers/standards/flow.js';
import { mcpStatus } from '../../../helpers/standards/mcp.js';
import {
  publishClient,
  publishCode,
  publishSigninBlocked,
  publishTokens,
  publishTokensFailure,
  readSigninBlocked,
  readTokens,
  takeCode,
} from '../../../helpers/standards/state.js';

const path = (u: string) => new URL(u).pathname;

/** A fresh code (`get` obtains it), or a skip naming why the sign-in could not be completed. */
async function freshCode(check: Check, get: () => Promise<BrowserCode>) {
  const blocked = readSigninBlocked();
  if (blocked) test.skip(true, `skipped: sign-in not completed: ${blocked}`);
  const c = await get();
  if (!c.callback) {
    publishSigninBlocked(c.stopped ?? 'no redirect to the redirect_uri');
    test.skip(true, `skipped: sign-in not completed: ${c.stopped}`);
  }
  check.that(
    !!c.code,
    `the redirect_uri got error=${c.callback!.searchParams.get('error')} instead of a code`,
  );
  return c;
}

test('register.dynamic.client_issued', async ({ anon, as, env, check }) => {
  if (!as.registration_endpoint) {
    const configured = clientFromEnv(env);
    if (configured) publishClient(configured);
    notOffered(
      `no registration_endpoint advertised; ${configured ? 'using SMOKE_OAUTH_CLIENT_ID' : 'set SMOKE_OAUTH_CLIENT_ID (and _SECRET) to run the flow'}`,
      'RFC 8414 §2, MCP 2025-11-25 DCR MAY',
    );
  }
  const std = stands(check, 'RFC 7591 §3.2.1');
  const redirect_uri = loopbackRedirect('std');
  const res = await anon.post(as.registration_endpoint!, { data: registrationBody(redirect_uri) });
  await check.expectStatus(res, 201);
  const reg = (await res.json()) as {
    client_id?: string;
    client_secret?: string;
    redirect_uris?: string[];
    token_endpoint_auth_method?: string;
  };
  std.must(typeof reg.client_id === 'string' && reg.client_id.length > 0, '201 without a client_id');
  std.should(
    (reg.redirect_uris ?? []).includes(redirect_uri),
    `redirect_uris echoed as [${(reg.redirect_uris ?? []).join(', ')}]`,
  );
  publishClient({
    client_id: reg.client_id!,
    client_secret: reg.client_secret,
    redirect_uri,
    source: 'registered',
  });
  std.detail(
    `POST ${path(as.registration_endpoint!)} 201: client_id ${reg.client_id!.slice(0, 8)}…, auth ${reg.token_endpoint_auth_method ?? 'default'}${reg.client_secret ? ' (secret issued)' : ', public'}`,
  );
});

// Chromium's code is redeemed by the next check, in order on one worker whatever the layout.
test.describe(() => {
  test.describe.configure({ mode: 'default' });

  test(
    'authorize.browser.code_with_state',
    { tag: ['@critical'] },
    async ({ page, target, client, env, check }) => {
      const std = stands(check, 'RFC 6749 §4.1.2');
      const c = await freshCode(check, () => codeInBrowser(page, env, target, client));
      check.status('-');
      // The exchange check redeems it whatever this check's verdict: the mcp group needs its token.
      publishCode({ code: c.code!, verifier: c.pkce.verifier, resource: resourceOf(target) });
      std.must(c.callback!.searchParams.get('state') === c.state, 'state did not come back unchanged');
      std.must(c.code!.length >= 8, `a ${c.code!.length}-char code`);
      const iss = c.callback!.searchParams.get('iss');
      if (iss)
        std.must(iss === target.authServer!.doc.issuer, `iss ${iss} is not the issuer (RFC 9207 §2.4)`);
      std.detail(
        `Chromium: ${c.steps.join(' -> ') || 'approved at once'} -> redirect_uri with a ${c.code!.length}-char code, state kept${iss ? ', iss matches' : ''} (PKCE S256, resource ${resourceOf(target)})`,
      );
    },
  );

  test(
    'token.exchange.bearer_issued',
    { tag: ['@critical'] },
    async ({ anon, as, client, target, check }) => {
      const std = stands(check, 'RFC 6749 §5.1');
      const c = takeCode();
      const blocked = readSigninBlocked();
      if (!c && blocked) test.skip(true, `skipped: sign-in not completed: ${blocked}`);
      try {
        check.that(!!c, 'no code from oauth.authorize.browser.code_with_state (it failed)');
        const auth = clientAuth(client, as);
        const res = await anon.post(as.token_endpoint!, {
          form: {
            grant_type: 'authorization_code',
            code: c!.code,
            code_verifier: c!.verifier,
            redirect_uri: client.redirect_uri,
            resource: c!.resource,
            ...auth.form,
          },
          headers: auth.headers,
        });
        await check.expectStatus(res, 200);
        const t = (await res.json()) as {
          access_token?: string;
          token_type?: string;
          expires_in?: number;
          refresh_token?: string;
          scope?: string;
        };
        std.must(typeof t.access_token === 'string' && t.access_token.length > 0, 'no access_token');
        publishTokens({
          access_token: t.access_token!,
          refresh_token: t.refresh_token,
          expires_in: t.expires_in,
          scope: t.scope,
        });
        std.must(
          /^bearer$/i.test(t.token_type ?? ''),
          `token_type ${t.token_type ?? 'missing'}, want Bearer`,
        );
        const cc = res.headers()['cache-control'] ?? '';
        std.must(/no-store/i.test(cc), `Cache-Control "${cc}", want no-store`);
        std.should(
          typeof t.expires_in === 'number' && t.expires_in > 0,
          `expires_in ${t.expires_in ?? 'missing'}`,
          'RFC 6749 §5.1',
        );
        std.detail(
          `the browser's code -> 200 ${t.token_type} (${t.access_token!.length} chars), expires_in ${t.expires_in ?? '-'}, refresh ${t.refresh_token ? 'issued' : 'none'}, scope "${t.scope ?? '-'}", no-store; ${target.resourceMetadata ? 'published for the mcp group' : ''}`,
        );
      } catch (e) {
        // No token: the mcp checks that need one name this check and its reason.
        if (!readTokens()) publishTokensFailure('oauth.token.exchange.bearer_issued', e);
        throw e;
      }
    },
  );
});

test('authorize.no_pkce.refused', async ({ openPage, codeCookie, target, client, env, check }) => {
  // Runs even when sign-in is blocked: most servers refuse a request without PKCE before any login.
  const std = stands(check, 'OAuth 2.1 §4.1.1; MCP 2025-11-25 §Authorization Code Protection');
  const c = await authorizationCode(openPage, codeCookie, env, target, client, { noPkce: true });
  check.status('-');
  if (!c.callback) {
    if (/needs SMOKE_USER/.test(c.stopped ?? ''))
      test.skip(true, `skipped: sign-in not completed: ${c.stopped}`);
    // No redirect and no form to go on with: the AS refused on its own page.
    std.detail(`no code_challenge: refused on the authorization server's page (${c.stopped})`);
    return;
  }
  const error = c.callback.searchParams.get('error');
  if (!c.code) {
    std.detail(`no code_challenge: redirect_uri got error=${error}, no code`);
    return;
  }
  // A code without PKCE: the exchange without a verifier must at least fail.
  const r = await tokenRequest(target.authServer!.doc, client, {
    grant_type: 'authorization_code',
    code: c.code,
    redirect_uri: client.redirect_uri,
    resource: resourceOf(target),
  });
  check.status(r.status);
  std.must(
    r.status !== 200,
    'a code issued without code_challenge was exchanged without a code_verifier: PKCE is not required',
  );
  std.should(
    false,
    'a code was issued for a request without code_challenge (refused only at the token endpoint)',
  );
  std.detail(`no code_challenge: a code was issued, its exchange refused ${r.status}`);
});

test('token.wrong_verifier.invalid_grant', async ({ openPage, codeCookie, target, client, env, check }) => {
  const std = stands(check, 'RFC 7636 §4.6');
  const c = await freshCode(check, () => authorizationCode(openPage, codeCookie, env, target, client));
  const r = await tokenRequest(target.authServer!.doc, client, {
    grant_type: 'authorization_code',
    code: c.code!,
    code_verifier: pkce().verifier,
    redirect_uri: client.redirect_uri,
    resource: resourceOf(target),
  });
  check.status(r.status);
  const err = (r.json as { error?: string } | undefined)?.error;
  std.must(r.status === 400, `a different verifier -> ${r.status}, want 400`);
  std.must(err === 'invalid_grant', `error ${err ?? 'missing'}, want invalid_grant (RFC 6749 §5.2)`);
  std.detail(`fresh code, a well-formed but wrong code_verifier -> 400 ${err}`);
});

test('token.code_reuse.invalid_grant', async ({ openPage, codeCookie, target, client, env, check }) => {
  const std = stands(check, 'RFC 6749 §4.1.2');
  const c = await freshCode(check, () => authorizationCode(openPage, codeCookie, env, target, client));
  const as = target.authServer!.doc;
  await exchange(as, client, c.code!, c.pkce.verifier, resourceOf(target));
  const again = await tokenRequest(as, client, {
    grant_type: 'authorization_code',
    code: c.code!,
    code_verifier: c.pkce.verifier,
    redirect_uri: client.redirect_uri,
    resource: resourceOf(target),
  });
  check.status(again.status);
  const err = (again.json as { error?: string } | undefined)?.error;
  const token = (again.json as { access_token?: unknown } | undefined)?.access_token;
  std.must(
    (again.status < 200 || again.status > 299) && !token,
    `the code redeemed twice -> ${again.status}${token ? ' with an access_token' : ''}`,
  );
  std.should(
    again.status === 400 && err === 'invalid_grant',
    `${again.status} ${err ?? '(no error code)'}, want 400 invalid_grant`,
    'RFC 6749 §5.2',
  );
  std.detail(`first redemption 200; the same code again -> ${again.status} ${err ?? ''}`.trim());
});

test('token.foreign_resource.not_accepted', async ({ openPage, codeCookie, target, client, env, check }) => {
  // A token asked for another resource must not open this one (RFC 8707 audience, MCP token audience binding).
  const std = stands(
    check,
    'MCP 2025-11-25 authorization §Token Audience Binding and Validation; RFC 8707 §2',
  );
  const foreign = 'https://foreign-resource.invalid/mcp';
  const blocked = readSigninBlocked();
  if (blocked) test.skip(true, `skipped: sign-in not completed: ${blocked}`);
  const c = await authorizationCode(openPage, codeCookie, env, target, client, { resource: foreign });
  if (!c.callback && /needs SMOKE_USER/.test(c.stopped ?? ''))
    test.skip(true, `skipped: sign-in not completed: ${c.stopped}`);
  if (!c.code) {
    check.status('-');
    std.detail(
      `resource ${foreign}: refused at /authorize (${c.callback?.searchParams.get('error') ?? c.stopped})`,
    );
    return;
  }
  const as = target.authServer!.doc;
  const r = await tokenRequest(as, client, {
    grant_type: 'authorization_code',
    code: c.code,
    code_verifier: c.pkce.verifier,
    redirect_uri: client.redirect_uri,
    resource: foreign,
  });
  const token = (r.json as { access_token?: string } | undefined)?.access_token;
  if (r.status !== 200 || !token) {
    check.status(r.status);
    std.detail(
      `resource ${foreign}: code issued, token request refused ${r.status} ${(r.json as { error?: string } | undefined)?.error ?? ''}`,
    );
    return;
  }
  const onMcp = await mcpStatus(target.mcpUrl, token);
  check.status(onMcp);
  std.must(onMcp === 401, `a token issued for ${foreign} opens this MCP server (${onMcp})`);
  std.detail(`token issued for ${foreign} -> this MCP server answers 401`);
});

test('refresh.rotation.old_rejected', async ({ openPage, codeCookie, target, client, env, check }) => {
  const std = stands(check, 'OAuth 2.1 §4.3.1; MCP 2025-11-25 §Token Theft');
  const c = await freshCode(check, () => authorizationCode(openPage, codeCookie, env, target, client));
  const as = target.authServer!.doc;
  const t0 = await exchange(as, client, c.code!, c.pkce.verifier, resourceOf(target));
  if (!t0.refresh_token) notOffered('this grant carried no refresh_token', 'RFC 6749 §5.1');
  const r = await tokenRequest(as, client, {
    grant_type: 'refresh_token',
    refresh_token: t0.refresh_token,
    resource: resourceOf(target),
  });
  check.status(r.status);
  const t1 = r.json as { access_token?: string; refresh_token?: string; error?: string } | undefined;
  std.must(
    r.status === 200 && typeof t1?.access_token === 'string',
    `refresh -> ${r.status} ${t1?.error ?? ''}`,
  );
  const onMcp = await mcpStatus(target.mcpUrl, t1!.access_token!);
  std.must(onMcp === 200, `the refreshed access token gets ${onMcp} on MCP`);
  // Public clients: refresh tokens MUST rotate (the client here registered without a secret).
  const rotated = !!t1!.refresh_token && t1!.refresh_token !== t0.refresh_token;
  if (client.client_secret) std.should(rotated, 'refresh token not rotated');
  else std.must(rotated, 'a public client got no new refresh token (no rotation)');
  const replay = await tokenRequest(as, client, {
    grant_type: 'refresh_token',
    refresh_token: t0.refresh_token,
    resource: resourceOf(target),
  });
  std.must(replay.status === 400, `the rotated-out refresh token still works (${replay.status})`);
  std.detail(
    `refresh 200, new access token opens MCP (200), refresh token ${rotated ? 'rotated' : 'kept'}; the old one again -> ${replay.status}`,
  );
});

test('revoke.access_token.refused_after', async ({ openPage, codeCookie, target, client, env, check }) => {
  const as = target.authServer!.doc;
  if (!as.revocation_endpoint) notOffered('no revocation_endpoint advertised', 'RFC 8414 §2, RFC 7009');
  const std = stands(check, 'RFC 7009 §2.2');
  const c = await freshCode(check, () => authorizationCode(openPage, codeCookie, env, target, client));
  const t = await exchange(as, client, c.code!, c.pkce.verifier, resourceOf(target));
  const before = await mcpStatus(target.mcpUrl, t.access_token);
  std.must(before === 200, `precondition: the fresh token gets ${before} on MCP`);
  const auth = clientAuth(client, as);
  const r = await postForm(
    as.revocation_endpoint!,
    { token: t.access_token, token_type_hint: 'access_token', ...auth.form },
    auth.headers,
  );
  check.status(r.status);
  std.must(r.status === 200, `revocation -> ${r.status}, want 200`);
  const after = await mcpStatus(target.mcpUrl, t.access_token);
  std.should(after === 401, `the revoked access token still gets ${after} on MCP`, 'RFC 7009 §2');
  if (t.refresh_token)
    await postForm(
      as.revocation_endpoint!,
      { token: t.refresh_token, token_type_hint: 'refresh_token', ...auth.form },
      auth.headers,
    );
  std.detail(
    `access token on MCP ${before}; POST ${path(as.revocation_endpoint!)} 200; the same token on MCP ${after}`,
  );
});
