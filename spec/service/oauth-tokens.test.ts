// /token and /revoke on both dialects: PKCE, exact redirect_uri, single-use codes, refresh rotation
// with reuse detection (RFC 9700 §4.14.2), RFC 7009 revocation, and one winner under concurrency.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAVORS, call, startService, type RunningService } from '../lib/service.js';
import {
  authorizeOverHttp, authorizeUrl, exchangeCode, mcpProbe, pkce, postForm, refresh, registerClient, revoke, signUp,
  type McpProbe, type RegisteredClient, type TestUser,
} from '../lib/oauth-flow.js';

// Never contacted: the flow over HTTP reads the final Location without following it.
const REDIRECT = 'http://127.0.0.1:9/callback';

for (const flavor of FLAVORS) {
  describe(`oauth tokens on ${flavor}`, () => {
    let svc: RunningService;
    let user: TestUser;
    let client: RegisteredClient;
    let mcp: McpProbe;

    before(async () => {
      svc = await startService(flavor);
      user = await signUp(svc.adminUrl);
      client = await registerClient(svc.adminUrl, { redirectUri: REDIRECT });
      mcp = await mcpProbe(svc.mcpUrl);
    });
    after(async () => {
      await svc?.stop();
    });

    /** A fresh code for `client` (or another), with its verifier. */
    async function newCode(c: RegisteredClient = client) {
      const { verifier, challenge } = pkce();
      const url = await authorizeOverHttp(svc.adminUrl, { clientId: c.clientId, redirectUri: c.redirectUri, challenge, state: 'st', user });
      assert.equal(url.searchParams.get('state'), 'st');
      return { code: url.searchParams.get('code')!, verifier };
    }
    const redeem = (code: string, verifier?: string, redirectUri: string | undefined = client.redirectUri, c = client) =>
      exchangeCode(svc.adminUrl, { clientId: c.clientId, code, verifier, redirectUri });
    /** Whether MCP still accepts an access token; undefined (and the check skipped) while /mcp is not built. */
    const alive = async (token: string) => (mcp.built ? mcp.accepts(token) : undefined);

    test('unknown client_id and unregistered redirect_uri: a 400 JSON error, never a redirect', async () => {
      const { challenge } = pkce();
      for (const [what, url] of [
        ['unknown client', authorizeUrl(svc.adminUrl, { clientId: 'no-such-client', redirectUri: REDIRECT, challenge })],
        ['unregistered redirect_uri', authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: 'https://attacker.example/cb', challenge })],
        ['other path', authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: 'http://127.0.0.1:9/elsewhere', challenge })],
      ] as const) {
        const r = await call(url);
        assert.equal(r.status, 400, `${what}: ${r.text}`);
        assert.equal(r.headers.get('location'), null, `${what}: no Location`);
        assert.ok(['invalid_client', 'invalid_request'].includes(r.body.error), `${what}: ${r.text}`);
      }
    });

    test('PKCE is required at /authorize: no challenge, plain, or a malformed one -> error redirect, no sign-in', async () => {
      for (const [what, extra] of [
        ['no challenge', {}],
        ['plain', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }],
        ['empty challenge', { code_challenge: '', code_challenge_method: 'S256' }],
        ['short challenge', { code_challenge: 'abc', code_challenge_method: 'S256' }],
      ] as const) {
        const u = new URL(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: REDIRECT, state: 'p' }));
        for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
        const r = await fetch(u, { redirect: 'manual' });
        assert.equal(r.status, 302, what);
        const back = new URL(r.headers.get('location')!);
        assert.equal(`${back.origin}${back.pathname}`, REDIRECT, what);
        assert.equal(back.searchParams.get('error'), 'invalid_request', what);
        assert.equal(back.searchParams.get('state'), 'p', what);
      }
      const scope = await fetch(authorizeUrl(svc.adminUrl, { clientId: client.clientId, redirectUri: REDIRECT, challenge: pkce().challenge, scope: 'admin:all' }), { redirect: 'manual' });
      assert.equal(new URL(scope.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
    });

    test('a missing code_verifier is invalid_request, a wrong one invalid_grant', async () => {
      const { code, verifier } = await newCode();
      const missing = await redeem(code, undefined);
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error, 'invalid_request');
      const wrong = await redeem(code, pkce().verifier);
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, 'invalid_grant');
      assert.equal(typeof wrong.body.error_description, 'string');
      // Failed attempts do not burn the code for its rightful holder.
      assert.equal((await redeem(code, verifier)).status, 200);
    });

    test('redirect_uri must match exactly; the code is bound to its client', async () => {
      const { code, verifier } = await newCode();
      for (const uri of [`${REDIRECT}/`, 'http://127.0.0.1:10/callback', `${REDIRECT}?x=1`, 'http://localhost:9/callback']) {
        const r = await redeem(code, verifier, uri);
        assert.equal(r.status, 400, uri);
        assert.equal(r.body.error, 'invalid_grant', uri);
      }
      const other = await registerClient(svc.adminUrl, { redirectUri: REDIRECT });
      const stolen = await redeem(code, verifier, REDIRECT, other);
      assert.equal(stolen.status, 400);
      assert.equal(stolen.body.error, 'invalid_grant');
      const unknownClient = await exchangeCode(svc.adminUrl, { clientId: 'nope', code, verifier, redirectUri: REDIRECT });
      assert.equal(unknownClient.body.error, 'invalid_client');
      assert.equal((await redeem(code, verifier)).status, 200);
    });

    test('a reused code is invalid_grant and revokes the tokens issued from it', async () => {
      const { code, verifier } = await newCode();
      const first = await redeem(code, verifier);
      assert.equal(first.status, 200);
      assert.equal(await alive(first.body.access_token) ?? true, true);
      const second = await redeem(code, verifier);
      assert.equal(second.status, 400);
      assert.equal(second.body.error, 'invalid_grant');
      const r = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: first.body.refresh_token });
      assert.equal(r.body.error, 'invalid_grant', 'the refresh token from the first use is revoked');
      assert.equal(await alive(first.body.access_token) ?? false, false, 'the access token from the first use is revoked');
    });

    test('two concurrent redemptions of one code: exactly one 200', async () => {
      for (let round = 0; round < 3; round++) {
        const { code, verifier } = await newCode();
        const results = await Promise.all([redeem(code, verifier), redeem(code, verifier), redeem(code, verifier)]);
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 400, 400], `round ${round}: ${results.map((r) => r.text).join(' | ')}`);
        for (const r of results.filter((x) => x.status === 400)) assert.equal(r.body.error, 'invalid_grant');
      }
    });

    test('refresh rotates: new pair, old refresh token spent', async () => {
      const { code, verifier } = await newCode();
      const t0 = (await redeem(code, verifier)).body;
      const r1 = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: t0.refresh_token });
      assert.equal(r1.status, 200, r1.text);
      assert.match(r1.body.access_token, /^ega_/);
      assert.match(r1.body.refresh_token, /^egr_/);
      assert.notEqual(r1.body.refresh_token, t0.refresh_token);
      assert.notEqual(r1.body.access_token, t0.access_token);
      assert.equal(r1.body.scope, 'memories:read memories:write');
      // Narrowing is allowed, widening is not.
      const narrow = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: r1.body.refresh_token, scope: 'memories:read' });
      assert.equal(narrow.status, 200, narrow.text);
      assert.equal(narrow.body.scope, 'memories:read');
      const wide = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: narrow.body.refresh_token, scope: 'memories:read memories:write' });
      assert.equal(wide.status, 400);
      assert.equal(wide.body.error, 'invalid_scope');
      const other = await registerClient(svc.adminUrl, { redirectUri: REDIRECT });
      const foreign = await refresh(svc.adminUrl, { clientId: other.clientId, refreshToken: narrow.body.refresh_token });
      assert.equal(foreign.body.error, 'invalid_grant', 'a refresh token is bound to its client');
      const junk = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: 'egr_not-a-token' });
      assert.equal(junk.body.error, 'invalid_grant');
    });

    test('reuse of a rotated refresh token: invalid_grant and the whole family revoked', async () => {
      const { code, verifier } = await newCode();
      const t0 = (await redeem(code, verifier)).body;
      const t1 = (await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: t0.refresh_token })).body;
      assert.ok(t1.refresh_token);
      const reuse = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: t0.refresh_token });
      assert.equal(reuse.status, 400);
      assert.equal(reuse.body.error, 'invalid_grant');
      const newest = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: t1.refresh_token });
      assert.equal(newest.status, 400, 'the newest refresh token is revoked too');
      assert.equal(newest.body.error, 'invalid_grant');
      assert.equal(await alive(t1.access_token) ?? false, false, 'the newest access token is revoked');
      assert.equal(await alive(t0.access_token) ?? false, false);
    });

    test('two concurrent refreshes of one token: exactly one 200', async () => {
      for (let round = 0; round < 3; round++) {
        const { code, verifier } = await newCode();
        const t0 = (await redeem(code, verifier)).body;
        const results = await Promise.all(
          [0, 1, 2].map(() => refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: t0.refresh_token })),
        );
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400], results.map((r) => r.text).join(' | '));
      }
    });

    test('RFC 7009 /revoke: access and refresh tokens stop working; unknown tokens are 200', async (t) => {
      const a = await redeem(...Object.values(await newCode()) as [string, string]);
      const access = a.body.access_token as string;
      const r1 = await revoke(svc.adminUrl, { clientId: client.clientId, token: access, hint: 'access_token' });
      assert.equal(r1.status, 200);
      assert.equal(await alive(access) ?? false, false, 'revoked access token rejected');
      // The refresh token of that grant still works (only the access token was revoked).
      assert.equal((await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: a.body.refresh_token })).status, 200);

      const b = (await redeem(...Object.values(await newCode()) as [string, string])).body;
      const r2 = await revoke(svc.adminUrl, { clientId: client.clientId, token: b.refresh_token });
      assert.equal(r2.status, 200);
      const after = await refresh(svc.adminUrl, { clientId: client.clientId, refreshToken: b.refresh_token });
      assert.equal(after.body.error, 'invalid_grant');
      assert.equal(await alive(b.access_token) ?? false, false, "revoking the refresh token ends the grant's access tokens");

      assert.equal((await revoke(svc.adminUrl, { clientId: client.clientId, token: 'ega_unknown' })).status, 200);
      assert.equal((await revoke(svc.adminUrl, { clientId: client.clientId, token: b.refresh_token })).status, 200, 'twice is fine');
      const noToken = await postForm(`${svc.adminUrl}/revoke`, { client_id: client.clientId });
      assert.equal(noToken.status, 400);
      assert.equal(noToken.body.error, 'invalid_request');
      if (!mcp.built) t.diagnostic('MCP not built: access-token liveness not checked');
    });

    test('confidential clients authenticate with their secret (post or basic); wrong secret is 401 invalid_client', async () => {
      const conf = await registerClient(svc.adminUrl, { redirectUri: REDIRECT, authMethod: 'client_secret_post' });
      assert.ok(conf.clientSecret);
      const { code, verifier } = await newCode(conf);
      const noSecret = await exchangeCode(svc.adminUrl, { clientId: conf.clientId, code, verifier, redirectUri: REDIRECT });
      assert.equal(noSecret.status, 401);
      assert.equal(noSecret.body.error, 'invalid_client');
      const wrong = await exchangeCode(svc.adminUrl, { clientId: conf.clientId, clientSecret: 'x'.repeat(64), code, verifier, redirectUri: REDIRECT });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error, 'invalid_client');
      const basic = Buffer.from(`${conf.clientId}:${conf.clientSecret}`).toString('base64');
      const ok = await postForm(
        `${svc.adminUrl}/token`,
        { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT },
        { authorization: `Basic ${basic}` },
      );
      assert.equal(ok.status, 200, ok.text);
      const badBasic = await postForm(`${svc.adminUrl}/revoke`, { token: ok.body.access_token }, { authorization: `Basic ${Buffer.from(`${conf.clientId}:nope`).toString('base64')}` });
      assert.equal(badBasic.status, 401);
      assert.match(badBasic.headers.get('www-authenticate') ?? '', /^Basic/);
    });

    test('malformed token requests are RFC 6749 JSON errors, never 500', async () => {
      const cases: [string, Record<string, string>, string][] = [
        ['no grant_type', { client_id: client.clientId }, 'invalid_request'],
        ['unknown grant', { client_id: client.clientId, grant_type: 'password' }, 'unsupported_grant_type'],
        ['client_credentials', { client_id: client.clientId, grant_type: 'client_credentials' }, 'unsupported_grant_type'],
        ['no code', { client_id: client.clientId, grant_type: 'authorization_code', code_verifier: 'x' }, 'invalid_request'],
        ['unknown code', { client_id: client.clientId, grant_type: 'authorization_code', code: 'nope', code_verifier: 'x'.repeat(43) }, 'invalid_grant'],
        ['no client_id', { grant_type: 'authorization_code', code: 'nope', code_verifier: 'x' }, 'invalid_request'],
      ];
      for (const [what, fields, error] of cases) {
        const r = await postForm(`${svc.adminUrl}/token`, fields);
        assert.equal(r.status, 400, `${what}: ${r.text}`);
        assert.equal(r.body.error, error, what);
      }
      const json = await call(`${svc.adminUrl}/token`, { body: { grant_type: 'authorization_code' } });
      assert.equal(json.status, 400);
      const get = await call(`${svc.adminUrl}/token`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    });
  });
}
