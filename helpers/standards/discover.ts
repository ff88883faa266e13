/**
 * The standards profile's discovery chain, as an MCP client does it (MCP 2025-11-25
 * authorization): the unauthenticated 401 and its challenge -> RFC 9728 protected-resource
 * metadata (resource_metadata from WWW-Authenticate, else the path-inserted, then the root
 * well-known URL) -> the authorization server's metadata (RFC 8414 path-inserted, RFC 8414 root,
 * then OpenID Connect discovery). Plain fetch: it runs in global setup, before any check.
 */
import { parseChallenge, type Challenge } from '../protocol/www-authenticate.js';
import { readResult } from '../protocol/http.js';
import { MCP_INITIALIZE, MCP_POST_HEADERS } from '../protocol/mcp-http.js';

export interface Found<T> {
  url: string;
  /** Which rule found it: 'challenge', 'path-inserted', 'root', 'rfc8414 path-inserted', 'oidc', ... */
  via: string;
  doc: T;
  /** Every URL tried in order, with its status: the detail of a failed discovery. */
  tried: string[];
}

export interface ResourceMetadataDoc {
  resource?: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  [k: string]: unknown;
}

export interface AsMetadataDoc {
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  code_challenge_methods_supported?: string[];
  response_types_supported?: string[];
  grant_types_supported?: string[];
  scopes_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  [k: string]: unknown;
}

export interface Target {
  /** The MCP endpoint, exactly as given. */
  mcpUrl: string;
  unauthenticated: { status: number; wwwAuthenticate: string | null; challenge: Challenge | null };
  resourceMetadata: Found<ResourceMetadataDoc> | null;
  authServer: Found<AsMetadataDoc> | null;
  /** Why the chain stopped, if it did. */
  error: string | null;
}

const TIMEOUT = 5000;

async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT),
    });
    const r = await readResult(res);
    return { status: r.status, json: r.json };
  } catch (e) {
    return { status: 0, json: (e as Error).message };
  }
}

/** Tries `candidates` in order; the first 200 JSON object wins. */
async function firstJson<T>(
  candidates: Array<{ url: string; via: string }>,
): Promise<Found<T> | { tried: string[] }> {
  const tried: string[] = [];
  for (const c of candidates) {
    const r = await getJson(c.url);
    tried.push(`${c.url} ${r.status || 'unreachable'}`);
    if (r.status === 200 && r.json && typeof r.json === 'object')
      return { url: c.url, via: c.via, doc: r.json as T, tried };
  }
  return { tried };
}

const trimSlash = (p: string) => (p === '/' ? '' : p.replace(/\/+$/, ''));

/** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path. */
export function resourceMetadataCandidates(
  mcpUrl: string,
  fromChallenge?: string,
): Array<{ url: string; via: string }> {
  const u = new URL(mcpUrl);
  const out = [];
  if (fromChallenge) out.push({ url: fromChallenge, via: 'challenge' });
  const path = trimSlash(u.pathname);
  if (path)
    out.push({ url: `${u.origin}/.well-known/oauth-protected-resource${path}`, via: 'path-inserted' });
  out.push({ url: `${u.origin}/.well-known/oauth-protected-resource`, via: 'root' });
  return out;
}

/** RFC 8414 §3.1 (path-inserted, then root) and OpenID Connect Discovery 1.0 §4 (both forms). */
export function authServerCandidates(issuer: string): Array<{ url: string; via: string }> {
  const u = new URL(issuer);
  const path = trimSlash(u.pathname);
  if (!path)
    return [
      { url: `${u.origin}/.well-known/oauth-authorization-server`, via: 'rfc8414' },
      { url: `${u.origin}/.well-known/openid-configuration`, via: 'oidc' },
    ];
  return [
    { url: `${u.origin}/.well-known/oauth-authorization-server${path}`, via: 'rfc8414 path-inserted' },
    { url: `${u.origin}/.well-known/oauth-authorization-server`, via: 'rfc8414 root' },
    { url: `${u.origin}/.well-known/openid-configuration${path}`, via: 'oidc path-inserted' },
    { url: `${u.origin}${path}/.well-known/openid-configuration`, via: 'oidc path-appended' },
  ];
}

/** The unauthenticated initialize POST: the 401 and its challenge, as a client first sees them. */
export async function unauthenticatedPost(mcpUrl: string): Promise<Target['unauthenticated']> {
  const res = await fetch(mcpUrl, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify(MCP_INITIALIZE),
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT),
  });
  await res.body?.cancel().catch(() => undefined);
  const www = res.headers.get('www-authenticate');
  return { status: res.status, wwwAuthenticate: www, challenge: parseChallenge(www ?? undefined) };
}

export async function discover(mcpUrl: string): Promise<Target> {
  const t: Target = {
    mcpUrl,
    unauthenticated: { status: 0, wwwAuthenticate: null, challenge: null },
    resourceMetadata: null,
    authServer: null,
    error: null,
  };
  try {
    t.unauthenticated = await unauthenticatedPost(mcpUrl);
  } catch (e) {
    t.error = `POST ${mcpUrl} failed: ${(e as Error).message}`;
    return t;
  }
  const rm = t.unauthenticated.challenge?.params['resource_metadata'];
  const prm = await firstJson<ResourceMetadataDoc>(
    resourceMetadataCandidates(mcpUrl, rm && URL.canParse(rm) ? rm : undefined),
  );
  if (!('doc' in prm)) {
    t.error = `no protected-resource metadata (tried ${prm.tried.join(', ')})`;
    return t;
  }
  t.resourceMetadata = prm;
  const issuer = prm.doc.authorization_servers?.[0];
  if (!issuer || !URL.canParse(issuer)) {
    t.error = `protected-resource metadata at ${prm.url} names no authorization server`;
    return t;
  }
  const as = await firstJson<AsMetadataDoc>(authServerCandidates(issuer));
  if (!('doc' in as)) {
    t.error = `no authorization server metadata for ${issuer} (tried ${as.tried.join(', ')})`;
    return t;
  }
  t.authServer = as;
  return t;
}
