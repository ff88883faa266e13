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

/** A JSON-RPC initialize request, as an MCP client's first POST sends it. */
export const MCP_INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'engram-smoke-discovery', version: '0' },
  },
};
export const MCP_POST_HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};
