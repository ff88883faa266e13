// The service behind a proxy: HOST sets where the apps bind, *_PUBLIC_URL what they advertise
// (issuer, resource, metadata, challenges, redirects), whatever port they listen on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { call, startService, type RunningService } from '../lib/service.js';
import { pkce } from '../lib/oauth-flow.js';
import { loadConfig } from '../../service/config.js';

const ADMIN = 'https://admin.engram.example';
const MCP = 'https://mcp.engram.example:8443';
const ROUTER = 'https://router.engram.example';
const secret = { SESSION_SECRET: 's'.repeat(32) };

describe('public URLs: config', () => {
  test('defaults to the bind address; a wildcard bind is advertised on loopback', () => {
    const c = loadConfig({ ...secret, ADMIN_PORT: '5000', MCP_PORT: '5001', ROUTER_PORT: '5002' });
    assert.deepEqual(
      [c.HOST, c.adminUrl, c.mcpUrl, c.routerUrl],
      ['127.0.0.1', 'http://127.0.0.1:5000', 'http://127.0.0.1:5001/mcp', 'http://127.0.0.1:5002'],
    );
    assert.equal(
      loadConfig({ ...secret, HOST: '0.0.0.0', ADMIN_PORT: '5000' }).adminUrl,
      'http://127.0.0.1:5000',
    );
    assert.equal(loadConfig({ ...secret, HOST: '::1', ADMIN_PORT: '5000' }).adminUrl, 'http://[::1]:5000');
  });

  test('public URLs win; MCP_PUBLIC_URL may end in /mcp; empty means unset', () => {
    const c = loadConfig({
      ...secret,
      ADMIN_PUBLIC_URL: `${ADMIN}/`,
      MCP_PUBLIC_URL: `${MCP}/mcp`,
      ROUTER_PUBLIC_URL: ROUTER,
      HOST: '',
    });
    assert.deepEqual([c.HOST, c.adminUrl, c.mcpUrl, c.routerUrl], ['127.0.0.1', ADMIN, `${MCP}/mcp`, ROUTER]);
  });

  test('a public URL that is not a bare http(s) origin is refused, naming the variable', () => {
    for (const bad of [
      'admin.example',
      'ftp://admin.example',
      'https://admin.example/base',
      'https://admin.example?x=1',
    ]) {
      assert.throws(
        () => loadConfig({ ...secret, ADMIN_PUBLIC_URL: bad }),
        /ADMIN_PUBLIC_URL: must be a bare http\(s\) origin/,
        bad,
      );
    }
  });
});

describe('public URLs: a service bound to [::1] that advertises other origins', () => {
  let svc: RunningService;
  // startService reports 127.0.0.1 URLs; the apps listen on [::1] (HOST) at the same ports.
  const bound = (url: string) => url.replace('127.0.0.1', '[::1]');

  before(async () => {
    svc = await startService('sqlite', {
      HOST: '::1',
      ADMIN_PUBLIC_URL: ADMIN,
      MCP_PUBLIC_URL: MCP,
      ROUTER_PUBLIC_URL: ROUTER,
    });
  });
  after(() => svc?.stop());

  test('binds HOST, not 127.0.0.1; the ready line names the public URLs', async () => {
    assert.equal((await call(`${bound(svc.adminUrl)}/health`)).status, 200);
    assert.equal((await call(`${bound(svc.routerUrl)}/health`)).status, 200);
    await assert.rejects(fetch(`${svc.adminUrl}/health`), 'nothing listens on 127.0.0.1');
    assert.match(svc.output(), new RegExp(`engram ready admin=${ADMIN} mcp=${MCP}/mcp router=${ROUTER} `));
  });

  test('RFC 8414 metadata and /auth/config: the issuer and every endpoint on ADMIN_PUBLIC_URL', async () => {
    const m = (await call(`${bound(svc.adminUrl)}/.well-known/oauth-authorization-server`)).body;
    assert.equal(m.issuer, ADMIN);
    for (const k of [
      'authorization_endpoint',
      'token_endpoint',
      'registration_endpoint',
      'revocation_endpoint',
    ])
      assert.equal(new URL(m[k]).origin, ADMIN, k);
    const oauth = (await call(`${bound(svc.adminUrl)}/auth/config`)).body.oauth;
    assert.equal(oauth.issuer, ADMIN);
    assert.equal(oauth.metadata_url, `${ADMIN}/.well-known/oauth-authorization-server`);
    assert.equal(oauth.token_endpoint, `${ADMIN}/token`);
  });

  test('RFC 9728 metadata and the 401 challenge: resource and metadata URL on MCP_PUBLIC_URL', async () => {
    const mcp = bound(svc.mcpUrl);
    const origin = new URL(mcp).origin;
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const r = await call(`${origin}${path}`);
      assert.equal(r.status, 200, path);
      assert.equal(r.body.resource, `${MCP}/mcp`, path);
      assert.deepEqual(r.body.authorization_servers, [ADMIN], path);
    }
    const r = await call(mcp, {
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      headers: { accept: 'application/json, text/event-stream' },
    });
    assert.equal(r.status, 401);
    assert.match(
      r.headers.get('www-authenticate') ?? '',
      new RegExp(`resource_metadata="${MCP}/\\.well-known/oauth-protected-resource/mcp"`),
    );
  });

  test('the MCP app accepts the Host of its public URL (what a proxy forwards) and refuses others', async () => {
    const origin = new URL(bound(svc.mcpUrl));
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(
          {
            host: '::1',
            port: origin.port,
            path: '/.well-known/oauth-protected-resource',
            headers: { host },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
      });
    assert.equal(await statusFor(new URL(MCP).host), 200);
    assert.equal(await statusFor('evil.example'), 403);
  });

  test('/authorize sends the browser to the sign-in page on the public admin origin; tokens are for the public resource', async () => {
    const admin = bound(svc.adminUrl);
    const reg = await call(`${admin}/register`, {
      body: { redirect_uris: ['http://127.0.0.1:9/cb'], token_endpoint_auth_method: 'none' },
    });
    assert.equal(reg.status, 201, reg.text);
    const { challenge } = pkce();
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: reg.body.client_id,
      redirect_uri: 'http://127.0.0.1:9/cb',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
      resource: `${MCP}/mcp`,
    });
    const r = await call(`${admin}/authorize?${q}`);
    assert.equal(r.status, 302, r.text);
    const loc = new URL(r.headers.get('location') ?? '', ADMIN);
    assert.equal(loc.origin, ADMIN, `sign-in redirect ${r.headers.get('location')}`);
    assert.equal(loc.pathname, '/oauth/sign-in');
    // The bind address is not the resource any more: a token for it is refused.
    q.set('resource', `${svc.mcpUrl}`);
    const wrong = await call(`${admin}/authorize?${q}`);
    assert.equal(wrong.status, 302);
    assert.equal(new URL(wrong.headers.get('location') ?? '').searchParams.get('error'), 'invalid_target');
  });
});
