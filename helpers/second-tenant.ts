/**
 * A second tenant for the mcp and router isolation checks ("tenant B cannot see, list, query or
 * delete tenant A's memories and buckets"). Signed up over plain fetch (its password never reaches
 * a trace); its session is ledgered (logout at teardown). For MCP it gets an OAuth access token
 * (sign-in form + consent + exchange), not an API key: the ledger revokes OAuth grants with the
 * client_id alone, whereas an API key's undo would use the MAIN tenant's session and miss. It
 * stores nothing, so the reaper removes it later like any finished smoke tenant.
 *
 * One per run: the first check that needs it publishes it in the run dir (0600); concurrent
 * first calls may each make one (both ledgered), the first published wins. The router checks
 * need only its session, so they never depend on the OAuth flow working.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CheckFailure } from './check.js';
import { describeFailure, http } from './http.js';
import { authorizeWithCookie, exchangeCode, newState, registerClient, signInOverHttp, type LedgerLike } from './oauth-flow.js';
import { paths } from './paths.js';
import { pkce } from './pkce.js';
import { smokeEmail } from './provision.js';
import type { RunState } from './run-state.js';
import { rememberSecret } from './secrets.js';

export interface SecondTenant {
  id: string;
  email: string;
  /** Kept (run dir, 0600, remembered) so the MCP token can be obtained later, by sign-in. */
  password: string;
  /** Session JWT: accepted by the router and /account/*. */
  session_token: string;
  /** OAuth access token for MCP (audience: the MCP resource); only once asked for with { mcp: true }. */
  access_token?: string;
}

const FILE = () => path.join(paths.runDir, 'second-tenant.json');

function remember(t: SecondTenant): SecondTenant {
  rememberSecret(t.password);
  rememberSecret(t.session_token);
  rememberSecret(t.access_token);
  return t;
}

function readPublished(): SecondTenant | null {
  try {
    return remember(JSON.parse(fs.readFileSync(FILE(), 'utf8')) as SecondTenant);
  } catch {
    return null;
  }
}

/** Publishes `t`; with `replace` false only if none is published yet (atomic link). Returns what is published. */
function publish(t: SecondTenant, replace: boolean): SecondTenant {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const tmp = `${FILE()}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(t), { mode: 0o600 });
  try {
    if (replace) fs.renameSync(tmp, FILE());
    else fs.linkSync(tmp, FILE()); // fails if another worker published first: use theirs
  } catch {
    // someone else's is published; ours is ledgered and harmless
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return readPublished() ?? t;
}

async function signup(state: RunState, ledger: LedgerLike): Promise<SecondTenant> {
  const email = smokeEmail();
  const password = `Sm0ke-${randomBytes(18).toString('base64url')}`;
  rememberSecret(password);
  const res = await http(`${state.urls.admin}/auth/signup`, { json: { email, password, name: 'Engram smoke second tenant' } });
  const body = res.json as { token?: unknown; customer?: { id?: unknown } } | undefined;
  const token = typeof body?.token === 'string' ? body.token : '';
  if (token) rememberSecret(token);
  if (res.status !== 201 || !token || body?.customer?.id === undefined)
    throw new CheckFailure(`precondition: second tenant POST /auth/signup ${describeFailure(res)}`);
  ledger.add({ kind: 'session', id: 'second-tenant', secret: token });
  return { id: String(body.customer.id), email, password, session_token: token };
}

async function mcpToken(state: RunState, ledger: LedgerLike, t: SecondTenant): Promise<string> {
  const admin = state.urls.admin;
  const cookie = await signInOverHttp(admin, ledger, t);
  const client = await registerClient(admin, ledger, { name: 'engram-smoke second tenant' });
  const { verifier, challenge } = pkce();
  const redirect_uri = client.redirect_uris[0]!;
  const { location } = await authorizeWithCookie(admin, cookie, { client_id: client.client_id, redirect_uri, challenge, state: newState() });
  const code = location.searchParams.get('code');
  if (!code) throw new CheckFailure(`precondition: second tenant consent gave no code (error ${location.searchParams.get('error') ?? 'none'})`);
  return (await exchangeCode(admin, ledger, { client_id: client.client_id, code, verifier, redirect_uri })).access_token;
}

/** The run's second tenant (signed up on first use); `{ mcp: true }` also gets it an MCP access token. */
export async function secondTenant(state: RunState, ledger: LedgerLike, opts: { mcp?: boolean } = {}): Promise<SecondTenant> {
  let t = readPublished() ?? publish(await signup(state, ledger), false);
  if (opts.mcp && !t.access_token) t = publish({ ...t, access_token: await mcpToken(state, ledger, t) }, true);
  return t;
}

/** The second tenant with its MCP access token. */
export async function secondTenantForMcp(state: RunState, ledger: LedgerLike): Promise<SecondTenant & { access_token: string }> {
  const t = await secondTenant(state, ledger, { mcp: true });
  if (!t.access_token) throw new CheckFailure('precondition: the second tenant has no MCP access token');
  return t as SecondTenant & { access_token: string };
}
