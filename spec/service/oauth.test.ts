// The OAuth authorization server on the admin app, both dialects: metadata, registration, the
// sign-in and consent pages, the whole flow in a real Chromium, and the token on the MCP app.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from '@playwright/test';
import { FLAVORS, call, startService, type RunningService } from '../lib/service.js';
import {
  authorizeInBrowser, authorizeOverHttp, authorizeUrl, exchangeCode, launchChromium, pkce, postForm, refresh,
  registerClient, signUp, startCallbackServer, mcpProbe, type CallbackServer, type McpProbe, type TestUser,
} from '../lib/oauth-flow.js';


for (const flavor of FLAVORS) {
  describe(`oauth authorization server on ${flavor}`, () => {
    let svc: RunningService;
    let browser: Browser;
    let callback: CallbackServer;
    let user: TestUser;
    let mcp: McpProbe;

    before(async () => {
      svc = await startService(flavor);
      [browser, callback, user] = await Promise.all([launchChromium(), startCallbackServer(), signUp(svc.adminUrl)]);
      mcp = await mcpProbe(svc.mcpUrl);
    });
    after(async () => {
      await browser?.close();
      await callback?.close();
      await svc?.stop();
    });

    test('RFC 8414 metadata: exact issuer, absolute endpoints, S256 only', async () => {
      const r = await call(`${svc.adminUrl}/.well-known/oauth-authorization-server`);
      assert.equal(r.status, 200);
      const m = r.body;
      assert.equal(m.issuer, svc.adminUrl, 'issuer is the origin, no trailing slash');
      assert.equal(m.authorization_endpoint, `${svc.adminUrl}/authorize`);
      assert.equal(m.token_endpoint, `${svc.adminUrl}/token`);
      assert.equal(m.registration_endpoint, `${svc.adminUrl}/register`);
      assert.equal(m.revocation_endpoint, `${svc.adminUrl}/revoke`);
      assert.deepEqual(m.scopes_supported, ['memories:read', 'memories:write']);
      assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
      assert.deepEqual(m.grant_types_supported, ['authorization_code', 'refresh_token']);
      assert.deepEqual(m.response_types_supported, ['code']);
      assert.ok(m.token_endpoint_auth_methods_supported.includes('none'));
      // The admin app is not the protected resource: RFC 9728 metadata lives on the MCP app.
      assert.equal((await call(`${svc.adminUrl}/.well-known/oauth-protected-resource`)).status, 404);
    });

    test('RFC 7591 registration: public and confidential clients, https and loopback redirect URIs', async () => {
      const pub = await call(`${svc.adminUrl}/register`, {
        body: { redirect_uris: ['http://127.0.0.1:9/cb', 'http://[::1]:9/cb', 'http://localhost:9/cb'], token_endpoint_auth_method: 'none', client_name: 'Pub' },
      });
      assert.equal(pub.status, 201, pub.text);
      assert.match(pub.body.client_id, /^[0-9a-f-]{36}$/);
      assert.equal(pub.body.client_secret, undefined, 'a public client gets no secret');
      assert.equal(pub.body.token_endpoint_auth_method, 'none');
      assert.deepEqual(pub.body.redirect_uris, ['http://127.0.0.1:9/cb', 'http://[::1]:9/cb', 'http://localhost:9/cb']);

      const conf = await call(`${svc.adminUrl}/register`, { body: { redirect_uris: ['https://app.example/cb'] } });
      assert.equal(conf.status, 201, conf.text);
      assert.ok(conf.body.client_secret?.length >= 32, 'a confidential client gets its secret once');
    });

    test('registration refuses non-https, non-loopback and malformed redirect URIs', async () => {
      for (const uri of ['http://app.example/cb', 'http://10.0.0.1/cb', 'https://app.example/cb#frag', 'ftp://app.example/cb']) {
        const r = await call(`${svc.adminUrl}/register`, { body: { redirect_uris: [uri], token_endpoint_auth_method: 'none' } });
        assert.equal(r.status, 400, `${uri}: ${r.text}`);
        assert.equal(r.body.error, 'invalid_redirect_uri', uri);
      }
      const none = await call(`${svc.adminUrl}/register`, { body: { redirect_uris: [], token_endpoint_auth_method: 'none' } });
      assert.equal(none.status, 400);
      const js = await call(`${svc.adminUrl}/register`, { body: { redirect_uris: ['javascript:alert(1)'] } });
      assert.equal(js.status, 400);
      assert.ok(['invalid_client_metadata', 'invalid_redirect_uri'].includes(js.body.error), js.text);
      const method = await call(`${svc.adminUrl}/register`, {
        body: { redirect_uris: ['https://a.example/cb'], token_endpoint_auth_method: 'private_key_jwt' },
      });
      assert.equal(method.status, 400);
      assert.equal(method.body.error, 'invalid_client_metadata');
    });

    test('unauthenticated /authorize redirects to the sign-in page with the request preserved', async () => {
      const client = await registerClient(svc.adminUrl, { redirectUri: callback.redirectUri, name: 'Preserve <Me>' });
      const { challenge } = pkce();
      const r = await fetch(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge, state: 'st-1' }), { redirect: 'manual' });
      assert.equal(r.status, 302);
      const location = r.headers.get('location')!;
      assert.match(location, /^\/oauth\/sign-in\?request=/);
      const request = new URL(location, svc.adminUrl).searchParams.get('request')!;

      const page = await call(new URL(location, svc.adminUrl).href);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.match(page.text, /<label for="email">Email<\/label>/);
      assert.match(page.text, /<label for="password">Password<\/label>/);
      assert.match(page.text, /<button type="submit">Sign in<\/button>/);
      assert.ok(page.text.includes(`name="request" value="${request}"`), 'the request rides along in the form');
      assert.ok(page.text.includes('Preserve &lt;Me&gt;') && !page.text.includes('<Me>'), 'client name escaped');
      assert.match(page.headers.get('content-security-policy')!, /frame-ancestors 'none'/);

      // The preserved request survives a wrong password (401, the page again) and comes out whole.
      const wrong = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request, email: user.email, password: 'not-the-password' });
      assert.equal(wrong.status, 401);
      assert.match(wrong.text, /Email or password is incorrect/);
      assert.ok(wrong.text.includes(`value="${request}"`));
      const unknown = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request, email: 'nobody@engram.test', password: 'whatever-pw' });
      assert.equal(unknown.status, 401);
      const empty = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request });
      assert.equal(empty.status, 400);
      const ok = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request, email: user.email, password: user.password });
      assert.equal(ok.status, 303);
      assert.equal(ok.headers.get('location'), `/oauth/consent?request=${encodeURIComponent(request)}`);
      const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('engram_signin='))!;
      assert.ok(cookie, 'sign-in cookie set');
      assert.match(cookie, /HttpOnly/i);
      assert.match(cookie, /SameSite=Lax/i);
    });

    test('a tampered or missing request blob gets an error page, never a 500', async () => {
      for (const q of ['', '?request=', '?request=eyJhbGciOiJIUzI1NiJ9.e30.bad']) {
        const r = await call(`${svc.adminUrl}/oauth/sign-in${q}`);
        assert.equal(r.status, 400, q);
        assert.match(r.text, /invalid or has expired/);
      }
      const post = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request: 'x', email: user.email, password: user.password });
      assert.equal(post.status, 400);
      const json = await call(`${svc.adminUrl}/oauth/sign-in`, { body: { request: 'x' } });
      assert.equal(json.status, 400);
      const del = await call(`${svc.adminUrl}/oauth/consent`, { method: 'DELETE' });
      assert.equal(del.status, 405);
    });

    test('full flow in Chromium: sign in, consent, code, tokens; the access token works on MCP', async (t) => {
      const client = await registerClient(svc.adminUrl, { redirectUri: callback.redirectUri, name: 'Chromium Client' });
      const { verifier, challenge } = pkce();
      const { query, signInUrl, consentUrl } = await authorizeInBrowser(browser, svc.adminUrl, callback, {
        clientId: client.clientId, redirectUri: client.redirectUri, challenge, state: 'browser-state', scope: 'memories:read memories:write', user,
      });
      assert.match(signInUrl, /\/oauth\/sign-in\?request=/);
      assert.match(consentUrl, /\/oauth\/consent\?request=/);
      assert.equal(query.get('state'), 'browser-state');
      assert.equal(query.get('iss'), svc.adminUrl);
      const code = query.get('code');
      assert.ok(code, `callback query: ${query}`);

      const tok = await exchangeCode(svc.adminUrl, { clientId: client.clientId, code, verifier, redirectUri: client.redirectUri });
      assert.equal(tok.status, 200, tok.text);
      assert.match(tok.body.access_token, /^ega_[A-Za-z0-9_-]{43}$/);
      assert.match(tok.body.refresh_token, /^egr_[A-Za-z0-9_-]{43}$/);
      assert.equal(tok.body.token_type, 'Bearer');
      assert.equal(tok.body.expires_in, 900);
      assert.equal(tok.body.scope, 'memories:read memories:write');
      assert.equal(tok.headers.get('cache-control'), 'no-store');

      if (!mcp.built) return t.skip('the MCP app does not serve /mcp yet');
      assert.equal(await mcp.accepts(tok.body.access_token), true, 'the access token passes auth on /mcp');
      assert.equal(await mcp.accepts('ega_' + 'x'.repeat(43)), false, 'a made-up token does not');
    });

    test('the consent page shows client and scopes; Deny redirects with access_denied', async () => {
      const client = await registerClient(svc.adminUrl, { redirectUri: callback.redirectUri, name: 'Deny Me' });
      const page = await browser.newPage();
      try {
        const { challenge } = pkce();
        await page.goto(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge, state: 's-deny', scope: 'memories:read' }));
        await page.getByLabel('Email').fill(user.email);
        await page.getByLabel('Password').fill(user.password);
        await Promise.all([page.waitForURL(/\/oauth\/consent\?/), page.getByRole('button', { name: 'Sign in' }).click()]);
        const text = await page.locator('main').innerText();
        assert.match(text, /Deny Me/);
        assert.match(text, /memories:read/);
        assert.doesNotMatch(text, /memories:write/);
        assert.ok(await page.getByRole('button', { name: 'Allow' }).isVisible());
        const got = callback.next();
        await page.getByRole('button', { name: 'Deny' }).click();
        const q = await got;
        assert.equal(q.get('error'), 'access_denied');
        assert.equal(q.get('state'), 's-deny');
        assert.equal(q.get('code'), null);
      } finally {
        await page.close();
      }
    });

    test('consent needs the sign-in cookie and its CSRF token', async () => {
      const client = await registerClient(svc.adminUrl, { redirectUri: callback.redirectUri });
      const { challenge } = pkce();
      const loc = (await fetch(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge }), { redirect: 'manual' })).headers.get('location')!;
      const request = new URL(loc, svc.adminUrl).searchParams.get('request')!;
      // No cookie: consent sends the browser to sign in first, and issues nothing.
      const noCookie = await call(`${svc.adminUrl}/oauth/consent?request=${encodeURIComponent(request)}`);
      assert.equal(noCookie.status, 302);
      assert.match(noCookie.headers.get('location')!, /^\/oauth\/sign-in\?request=/);
      const noCookiePost = await postForm(`${svc.adminUrl}/oauth/consent`, { request, decision: 'allow', csrf_token: 'x' });
      assert.equal(noCookiePost.status, 303);
      assert.match(noCookiePost.headers.get('location')!, /^\/oauth\/sign-in/);

      const signedIn = await postForm(`${svc.adminUrl}/oauth/sign-in`, { request, email: user.email, password: user.password });
      const cookie = signedIn.headers.getSetCookie()[0].split(';')[0];
      const forged = await postForm(`${svc.adminUrl}/oauth/consent`, { request, decision: 'allow', csrf_token: 'forged' }, { cookie });
      assert.equal(forged.status, 403);
      assert.equal(forged.headers.get('location'), null);
      const missing = await postForm(`${svc.adminUrl}/oauth/consent`, { request, decision: 'allow' }, { cookie });
      assert.equal(missing.status, 403);
      // Signed in, /authorize skips the sign-in page.
      const again = await fetch(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge }), { redirect: 'manual', headers: { cookie } });
      assert.equal(again.status, 302);
      assert.match(again.headers.get('location')!, /^\/oauth\/consent\?request=/);
    });

    test('resource (RFC 8707): only the MCP URL; another audience is refused at /authorize and /token', async (t) => {
      const client = await registerClient(svc.adminUrl, { redirectUri: callback.redirectUri });
      const { challenge, verifier } = pkce();
      const bad = await fetch(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge, state: 'r', resource: 'https://other.example/mcp' }), { redirect: 'manual' });
      assert.equal(bad.status, 302);
      const back = new URL(bad.headers.get('location')!);
      assert.equal(`${back.origin}${back.pathname}`, client.redirectUri);
      assert.equal(back.searchParams.get('error'), 'invalid_target');

      const final = await authorizeOverHttp(svc.adminUrl, { clientId: client.clientId, redirectUri: client.redirectUri, challenge, resource: svc.mcpUrl, user });
      const code = final.searchParams.get('code')!;
      const other = await exchangeCode(svc.adminUrl, { clientId: client.clientId, code, verifier, redirectUri: client.redirectUri, resource: 'https://other.example/mcp' });
      assert.equal(other.status, 400);
      assert.equal(other.body.error, 'invalid_target');
      const good = await exchangeCode(svc.adminUrl, { clientId: client.clientId, code, verifier, redirectUri: client.redirectUri, resource: svc.mcpUrl });
      assert.equal(good.status, 200, good.text);
      const wrongRefresh = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: good.body.refresh_token, resource: 'https://other.example/mcp' });
      assert.equal(wrongRefresh.status, 400);
      assert.equal(wrongRefresh.body.error, 'invalid_target');
      if (!mcp.built) return t.skip('the MCP app does not serve /mcp yet');
      assert.equal(await mcp.accepts(good.body.access_token), true);
    });
  });
}
