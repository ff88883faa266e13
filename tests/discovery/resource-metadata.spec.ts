/** RFC 9728 protected resource metadata for the MCP endpoint, at the root and path-suffixed URLs. */
import { test } from '../../helpers/fixtures.js';
import { asMetadataUrl, authServer } from '../../helpers/protocol/www-authenticate.js';
import { AsMetadataFull, ResourceMetadata } from '../../helpers/schemas/index.js';

const ROOT = '/.well-known/oauth-protected-resource';

for (const [name, path] of [
  ['root', ROOT],
  ['path_suffixed', `${ROOT}/mcp`],
] as const) {
  test(
    `resource_metadata.${name}.names_mcp_and_issuer`,
    { tag: ['@critical'] },
    async ({ http, anon, check, urls }) => {
      const mcpUrl = `${urls.mcp}/mcp`;
      const res = await (await http({ app: 'mcp' })).get(path);
      const prm = await check.json(res, 200, ResourceMetadata);
      const issuer = (
        await check.json(await anon.get((await authServer(urls)).metadataUrl), 200, AsMetadataFull)
      ).issuer;
      check.equal(prm.resource, mcpUrl, 'resource (want the MCP URL)');
      check.that(
        prm.authorization_servers.includes(issuer),
        `authorization_servers [${prm.authorization_servers.join(', ')}] lacks the issuer ${issuer}`,
      );
      const raw = (await res.json()) as { bearer_methods_supported?: unknown };
      if (Array.isArray(raw.bearer_methods_supported))
        check.that(
          raw.bearer_methods_supported.includes('header'),
          `bearer_methods_supported [${raw.bearer_methods_supported.join(', ')}] lacks header`,
        );
      check.status(200);
      check.detail(
        `${path}: resource ${prm.resource}, authorization_servers [${prm.authorization_servers.join(', ')}]`,
      );
    },
  );
}

test('resource_metadata.path_suffixed.same_as_root', async ({ http, check }) => {
  const mcp = await http({ app: 'mcp' });
  const root = await check.json(await mcp.get(ROOT), 200, ResourceMetadata);
  const suffixed = await check.json(await mcp.get(`${ROOT}/mcp`), 200, ResourceMetadata);
  check.equal(root.resource, suffixed.resource, 'resource at the root vs /mcp-suffixed');
  const a = [...root.authorization_servers].sort().join(' ');
  const b = [...suffixed.authorization_servers].sort().join(' ');
  check.equal(a, b, 'authorization_servers at the root vs /mcp-suffixed');
  const sa = [...(root.scopes_supported ?? [])].sort().join(' ');
  const sb = [...(suffixed.scopes_supported ?? [])].sort().join(' ');
  check.equal(sa, sb, 'scopes_supported at the root vs /mcp-suffixed');
  check.detail(
    `both URLs describe ${root.resource} with the same ${root.authorization_servers.length} AS and ${(root.scopes_supported ?? []).length} scopes`,
  );
});

test('resource_metadata.authorization_servers.serve_rfc8414', async ({ http, anon, check }) => {
  const prm = await check.json(await (await http({ app: 'mcp' })).get(`${ROOT}/mcp`), 200, ResourceMetadata);
  const seen: string[] = [];
  for (const as of prm.authorization_servers) {
    // RFC 8414 §3.1: the well-known segment goes between the host and any path of the issuer.
    const metaUrl = asMetadataUrl(as);
    const meta = await check.json(await anon.get(metaUrl), 200, AsMetadataFull);
    check.equal(meta.issuer, as, `issuer published by ${as} (RFC 8414 §3.3 needs them identical)`);
    seen.push(as);
  }
  check.detail(
    `${seen.length} authorization server(s) resolve to RFC 8414 metadata naming themselves: ${seen.join(', ')}`,
  );
});

test('resource_metadata.post.method_not_allowed', async ({ http, check }) => {
  const res = await (await http({ app: 'mcp' })).post(`${ROOT}/mcp`, { data: {} });
  await check.expectStatus(res, 405);
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  check.detail(`POST ${ROOT}/mcp -> 405, Allow: ${allow}`);
});
