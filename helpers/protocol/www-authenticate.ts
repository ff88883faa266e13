/** WWW-Authenticate parsing (RFC 9110 §11.6.1 challenges, RFC 6750 §3 / RFC 9728 §5.1 params). */

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** The first challenge of a WWW-Authenticate header: its scheme and its auth-params (lower-cased names). */
export function parseChallenge(header: string | undefined): Challenge | null {
  if (!header) return null;
  const m = /^\s*([A-Za-z][\w!#$%&'*+.^`|~-]*)\s*(.*)$/s.exec(header);
  if (!m) return null;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const p of m[2]!.matchAll(re))
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme: m[1]!, params };
}

export interface AuthServer {
  /** The authorization server's identifier (its issuer), as the MCP resource names it. */
  issuer: string;
  /** Its RFC 8414 metadata URL (§3.1: the well-known segment between host and path). */
  metadataUrl: string;
  /** How it was found, for details. */
  via: string;
}

/** RFC 8414 §3.1: the metadata URL of an issuer. */
export function asMetadataUrl(issuer: string): string {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.origin}/.well-known/oauth-authorization-server${path}`;
}

const found = new Map<string, Promise<AuthServer>>();

/**
 * The authorization server of the MCP resource, found the way an MCP client finds it: RFC 9728
 * metadata -> authorization_servers[0] (it may live on another origin than the admin app). When
 * the resource names none (its own checks then fail), the admin app, where Engram serves it.
 * Plain fetch of public documents, once per worker.
 */
export function authServer(urls: { admin: string; mcp: string }): Promise<AuthServer> {
  const key = `${urls.mcp} ${urls.admin}`;
  let p = found.get(key);
  if (!p) {
    p = (async () => {
      try {
        const res = await fetch(`${urls.mcp}/.well-known/oauth-protected-resource/mcp`, {
          signal: AbortSignal.timeout(5000),
        });
        const as = ((await res.json()) as { authorization_servers?: unknown }).authorization_servers;
        if (res.status === 200 && Array.isArray(as) && typeof as[0] === 'string' && URL.canParse(as[0]))
          return { issuer: as[0], metadataUrl: asMetadataUrl(as[0]), via: 'the MCP resource metadata' };
      } catch {
        // fall through to the admin app
      }
      return {
        issuer: urls.admin,
        metadataUrl: asMetadataUrl(urls.admin),
        via: 'the admin URL (the resource named no authorization server)',
      };
    })();
    found.set(key, p);
  }
  return p;
}
