/**
 * The discovery chain any MCP client walks (MCP 2025-11-25 authorization): the 401 challenge,
 * RFC 9728 protected-resource metadata, RFC 8414 / OIDC authorization server metadata.
 * The mcp profile's checks; the engram profile has its own, stricter ones next door.
 */
import { parseChallenge } from '../../../helpers/protocol/www-authenticate.js';
import { postInitialize } from '../../../helpers/protocol/mcp-http.js';
import { stands } from '../../../helpers/standards/clause.js';
import {
  authServerCandidates,
  resourceMetadataCandidates,
  type ResourceMetadataDoc,
} from '../../../helpers/standards/discover.js';
import { test } from '../../../helpers/standards/fixtures.js';

const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host);
const secureOrLoopback = (url: string) =>
  URL.canParse(url) && (new URL(url).protocol === 'https:' || isLoopback(new URL(url).hostname));

test('challenge.no_token.401_bearer', async ({ anon, target, check }) => {
  const std = stands(check, 'MCP 2025-11-25 authorization §Authorization Server Location; RFC 6750 §3');
  const res = await postInitialize(anon, undefined, target.mcpUrl);
  await check.expectStatus(res, 401);
  const c = parseChallenge(res.headers()['www-authenticate']);
  std.must(!!c, 'the 401 carries no WWW-Authenticate header');
  std.must(c!.scheme.toLowerCase() === 'bearer', `WWW-Authenticate scheme ${c!.scheme}, want Bearer`);
  const rm = c!.params['resource_metadata'];
  std.should(!!rm && URL.canParse(rm), 'no resource_metadata parameter in the challenge', 'RFC 9728 §5.1');
  std.should(
    !('error' in c!.params),
    `no credentials sent, yet error="${c!.params['error']}"`,
    'RFC 6750 §3.1',
  );
  std.detail(
    `initialize without a token -> 401, challenge scheme ${c!.scheme}, params: ${Object.keys(c!.params).join(', ') || 'none'}`,
  );
});

test('resource_metadata.discovered.names_this_resource', async ({ anon, target, check }) => {
  const std = stands(check, 'RFC 9728 §3.3');
  const rm = target.unauthenticated.challenge?.params['resource_metadata'];
  const candidates = resourceMetadataCandidates(target.mcpUrl, rm && URL.canParse(rm) ? rm : undefined);
  const tried: string[] = [];
  let doc: ResourceMetadataDoc | null = null;
  let via = '';
  for (const c of candidates) {
    const res = await anon.get(c.url, { headers: { accept: 'application/json' } });
    tried.push(`${new URL(c.url).pathname} ${res.status()}`);
    if (res.status() === 200) {
      check.status(200);
      doc = (await res.json()) as ResourceMetadataDoc;
      via = c.via;
      break;
    }
  }
  std.must(!!doc, `no protected-resource metadata found (${tried.join(', ')})`);
  std.must(typeof doc!.resource === 'string', 'the metadata has no resource');
  // The resource identifier is the MCP endpoint's URL (MCP 2025-11-25 canonical server URI).
  const want = target.mcpUrl.replace(/\/$/, '');
  std.must(
    doc!.resource!.replace(/\/$/, '') === want,
    `resource ${doc!.resource} is not the MCP URL ${want}`,
  );
  const as = doc!.authorization_servers ?? [];
  std.must(as.length > 0, 'authorization_servers is empty or missing (MCP 2025-11-25 requires at least one)');
  std.detail(
    `via ${via} (${tried.join(', ')}): resource ${doc!.resource}, authorization_servers [${as.join(', ')}]`,
  );
});

test('resource_metadata.well_known.served', async ({ anon, target, check }) => {
  // A client that ignores the header finds the document by the well-known URL (2025-11-25: serve either; both is kinder).
  const std = stands(check, 'MCP 2025-11-25 authorization §Protected Resource Metadata Discovery');
  const urls = resourceMetadataCandidates(target.mcpUrl).map((c) => c.url);
  const seen: string[] = [];
  let ok = 0;
  for (const u of urls) {
    const res = await anon.get(u, { headers: { accept: 'application/json' } });
    seen.push(`${new URL(u).pathname} ${res.status()}`);
    if (res.status() === 200) ok++;
  }
  check.status(ok ? 200 : 404);
  const header = !!target.unauthenticated.challenge?.params['resource_metadata'];
  std.must(
    ok > 0 || header,
    `neither a resource_metadata challenge nor a well-known document (${seen.join(', ')})`,
  );
  std.should(
    ok > 0,
    `no well-known document (${seen.join(', ')}); only the challenge leads to it`,
    'RFC 9728 §3',
  );
  std.detail(`${seen.join(', ')}${header ? '; the challenge also names it' : ''}`);
});

test('as_metadata.discovered.issuer_matches', async ({ anon, target, check }) => {
  const std = stands(check, 'RFC 8414 §3.3');
  const issuer = target.resourceMetadata?.doc.authorization_servers?.[0];
  std.must(
    !!issuer,
    `no authorization server to look up (${target.error ?? 'no protected-resource metadata'})`,
  );
  const tried: string[] = [];
  for (const c of authServerCandidates(issuer!)) {
    const res = await anon.get(c.url, { headers: { accept: 'application/json' } });
    tried.push(`${new URL(c.url).pathname} ${res.status()}`);
    if (res.status() !== 200) continue;
    check.status(200);
    const meta = (await res.json()) as { issuer?: string };
    std.must(meta.issuer === issuer, `metadata at ${c.url} names issuer ${meta.issuer}, not ${issuer}`);
    std.detail(`${issuer} -> ${c.via} metadata (${tried.join(', ')}), issuer identical`);
    return;
  }
  std.must(false, `no RFC 8414 or OIDC metadata for ${issuer} (${tried.join(', ')})`);
});

test('as_metadata.endpoints.code_flow_ready', async ({ as, check }) => {
  const std = stands(check, 'RFC 8414 §2');
  check.status('-');
  for (const k of ['authorization_endpoint', 'token_endpoint'] as const) {
    std.must(typeof as[k] === 'string' && URL.canParse(as[k]), `${k} missing or not a URL`);
    std.must(secureOrLoopback(as[k]!), `${k} ${as[k]} is plain http on a non-loopback host (OAuth 2.1 §1.5)`);
  }
  const rt = as.response_types_supported ?? [];
  std.must(rt.includes('code'), `response_types_supported [${rt.join(', ')}] lacks code`);
  const optional = ['registration_endpoint', 'revocation_endpoint', 'introspection_endpoint'].filter(
    (k) => typeof as[k] === 'string',
  );
  std.detail(
    `authorization ${new URL(as.authorization_endpoint!).pathname}, token ${new URL(as.token_endpoint!).pathname}, response_types [${rt.join(', ')}]; optional: ${optional.join(', ') || 'none'}`,
  );
});

test('as_metadata.pkce.s256_advertised', async ({ as, check }) => {
  const std = stands(check, 'MCP 2025-11-25 authorization §Authorization Code Protection; RFC 7636 §4.2');
  check.status('-');
  const m = as.code_challenge_methods_supported;
  std.must(Array.isArray(m), 'no code_challenge_methods_supported: MCP clients MUST refuse to proceed');
  std.must(m!.includes('S256'), `code_challenge_methods_supported [${m!.join(', ')}] lacks S256`);
  std.should(
    !m!.includes('plain'),
    `code_challenge_methods_supported [${m!.join(', ')}] offers plain`,
    'OAuth 2.1 §4.1.1',
  );
  std.detail(`code_challenge_methods_supported [${m!.join(', ')}]`);
});
