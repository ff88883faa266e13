/**
 * RFC 8414 metadata of the MCP resource's authorization server, found through the resource's
 * RFC 9728 metadata (helpers/protocol/www-authenticate.ts authServer): the admin app for Engram, another
 * origin for a separate authorization server.
 */
import { test } from '../../helpers/fixtures.js';
import { authServer } from '../../helpers/protocol/www-authenticate.js';
import { AsMetadataFull, ResourceMetadata } from '../../helpers/schemas/index.js';

const ENDPOINTS = [
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'revocation_endpoint',
] as const;
const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host);

test('as_metadata.issuer.equals_admin_origin', async ({ anon, check, urls }) => {
  // The identifier it was discovered under: the admin origin when the admin app is the AS.
  const as = await authServer(urls);
  const meta = await check.json(await anon.get(as.metadataUrl), 200, AsMetadataFull);
  const u = new URL(meta.issuer);
  check.equal(
    meta.issuer,
    as.issuer,
    `issuer vs the authorization server it was discovered at (from ${as.via})`,
  );
  check.that(
    u.search === '' && u.hash === '' && !meta.issuer.endsWith('/'),
    `issuer ${meta.issuer} carries a query, fragment or trailing slash (RFC 8414 §2)`,
  );
  if (u.origin === new URL(urls.admin).origin)
    check.equal(meta.issuer, u.origin, 'issuer on the admin app (want its bare origin)');
  check.that(
    u.protocol === 'https:' || isLoopback(u.hostname),
    `issuer ${meta.issuer} is plain http on a non-loopback host`,
  );
  check.detail(
    `issuer ${meta.issuer} is exactly the identifier it was fetched for, via ${as.via} (RFC 8414 §3.3)`,
  );
});

test('as_metadata.endpoints.absolute_on_issuer', async ({ anon, check, urls }) => {
  const meta = await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull);
  const origin = new URL(meta.issuer).origin;
  const seen: string[] = [];
  for (const k of ENDPOINTS) {
    const u = new URL(meta[k]);
    check.equal(u.origin, origin, `${k} origin (want the issuer's)`);
    check.that(u.hash === '' && u.search === '', `${k} ${meta[k]} carries a query or fragment`);
    seen.push(`${k.replace('_endpoint', '')}=${u.pathname}`);
  }
  check.detail(`4 endpoints absolute on ${origin}: ${seen.join(', ')}`);
});

test('as_metadata.pkce.s256_only', { tag: ['@critical'] }, async ({ anon, check, urls }) => {
  const meta = await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull);
  const m = meta.code_challenge_methods_supported;
  check.that(m.includes('S256'), `code_challenge_methods_supported [${m.join(', ')}] lacks S256`);
  check.that(!m.includes('plain'), `code_challenge_methods_supported [${m.join(', ')}] offers plain`);
  check.detail(`code_challenge_methods_supported [${m.join(', ')}]: S256, no plain`);
});

test('as_metadata.flows.code_and_refresh_only', async ({ anon, check, urls }) => {
  const meta = await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull);
  const rt = meta.response_types_supported;
  const gt = meta.grant_types_supported;
  check.that(rt.includes('code'), `response_types_supported [${rt.join(', ')}] lacks code`);
  check.that(
    !rt.some((t) => t.split(' ').includes('token')),
    `response_types_supported [${rt.join(', ')}] offers the implicit flow`,
  );
  for (const g of ['authorization_code', 'refresh_token'])
    check.that(gt.includes(g), `grant_types_supported [${gt.join(', ')}] lacks ${g}`);
  check.that(
    !gt.includes('implicit') && !gt.includes('password'),
    `grant_types_supported [${gt.join(', ')}] offers implicit or password`,
  );
  check.detail(`response_types [${rt.join(', ')}], grant_types [${gt.join(', ')}]`);
});

test('as_metadata.scopes.cover_resource_scopes', async ({ anon, http, check, urls }) => {
  const meta = await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull);
  check.that(meta.scopes_supported.length > 0, 'scopes_supported is empty');
  const mcp = await http({ app: 'mcp' });
  const prm = await check.json(
    await mcp.get('/.well-known/oauth-protected-resource/mcp'),
    200,
    ResourceMetadata,
  );
  // Vacuous coverage is no coverage: the resource must name the scopes it needs (MCP authorization).
  check.that((prm.scopes_supported ?? []).length > 0, 'the resource metadata lists no scopes_supported');
  const missing = (prm.scopes_supported ?? []).filter((s) => !meta.scopes_supported.includes(s));
  check.that(
    missing.length === 0,
    `the MCP resource needs scopes the AS does not offer: ${missing.join(', ')}`,
  );
  check.status(200);
  check.detail(
    `AS scopes [${meta.scopes_supported.join(', ')}] cover the resource's [${(prm.scopes_supported ?? []).join(', ')}]`,
  );
});

test('as_metadata.endpoints.routed', async ({ anon, check, urls }) => {
  const meta = await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull);
  const seen: string[] = [];
  // The POST endpoints answer a GET with 405 + Allow: POST (routed, not 404).
  const posts = ['token_endpoint', 'registration_endpoint', 'revocation_endpoint'] as const;
  // Independent reads: sent together (one round trip), judged in order.
  const [responses, authz] = await Promise.all([
    Promise.all(posts.map((k) => anon.get(meta[k]))),
    anon.get(meta.authorization_endpoint),
  ]);
  for (const [i, k] of posts.entries()) {
    const res = responses[i]!;
    const allow = res.headers()['allow'] ?? '';
    check.equal(res.status(), 405, `GET ${new URL(meta[k]).pathname} (${k}) status`);
    check.that(
      /\bPOST\b/.test(allow),
      `GET ${new URL(meta[k]).pathname} -> 405 without POST in Allow (${allow || 'missing'})`,
    );
    seen.push(`${new URL(meta[k]).pathname} 405`);
  }
  // The authorization endpoint without client_id: an error here, never a redirect anywhere.
  const path = new URL(meta.authorization_endpoint).pathname;
  check.that(
    authz.status() >= 400 && authz.status() < 500 && authz.status() !== 404,
    `GET ${path} without parameters -> ${authz.status()}, want a 4xx other than 404`,
  );
  check.that(!authz.headers()['location'], `GET ${path} without client_id redirected (${authz.status()})`);
  check.status(authz.status());
  check.detail(
    `${seen.join(', ')} (Allow: POST); ${path} without client_id -> ${authz.status()}, no redirect`,
  );
});

test('as_metadata.post.method_not_allowed', async ({ anon, check, urls }) => {
  const res = await anon.post((await authServer(urls)).metadataUrl, { data: {} });
  await check.expectStatus(res, 405);
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  check.that(
    /^application\/json\b/.test(res.headers()['content-type'] ?? ''),
    `405 body is ${res.headers()['content-type'] ?? 'untyped'}, want JSON`,
  );
  check.detail(`POST ${new URL((await authServer(urls)).metadataUrl).pathname} -> 405, Allow: ${allow}`);
});
