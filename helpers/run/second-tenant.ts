/**
 * The run's second tenant, for every isolation check ("tenant B cannot see, list, query or delete
 * tenant A's things"), the admin group's fresh-customer counts and the webhook plan changes.
 * Global setup makes it once per run (signed up, or a standing account logged in: state.foreign);
 * here it is handed out, with an OAuth access token for MCP on request.
 *
 * For MCP it gets an OAuth access token (sign-in form + consent + exchange), not an API key: the
 * ledger revokes OAuth grants with the client_id alone. The token is published in the run dir
 * (0600) for the other mcp worker; two first calls may each get one (both ledgered).
 * Checks that change it (a key of its own, its plan) hold lockSecondTenant() meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { CheckFailure } from '../check.js';
import {
  authorizeWithCookie,
  exchangeCode,
  newState,
  registerClient,
  signInOverHttp,
} from '../protocol/oauth-flow.js';
import type { LedgerApi } from './ledger.js';
import { paths } from './paths.js';
import { pkce } from '../protocol/pkce.js';
import type { RunState, Tenant } from './run-state.js';
import { rememberSecret } from '../redact/secrets.js';

export interface SecondTenant extends Tenant {
  /** OAuth access token for MCP (audience: the MCP resource); only once asked for with { mcp: true }. */
  access_token?: string;
}

const TOKEN_FILE = () => path.join(paths.runDir, 'second-tenant-mcp.json');

function readToken(): string | undefined {
  try {
    const t = (JSON.parse(fs.readFileSync(TOKEN_FILE(), 'utf8')) as { access_token?: unknown }).access_token;
    if (typeof t !== 'string') return undefined;
    rememberSecret(t);
    return t;
  } catch {
    return undefined;
  }
}

function publishToken(access_token: string): void {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const tmp = `${TOKEN_FILE()}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ access_token }), { mode: 0o600 });
  fs.renameSync(tmp, TOKEN_FILE());
}

async function mcpToken(state: RunState, ledger: LedgerApi, t: Tenant): Promise<string> {
  const admin = state.urls.admin;
  const cookie = await signInOverHttp(admin, ledger, t);
  const client = await registerClient(admin, ledger, { name: 'engram-smoke second tenant' });
  const { verifier, challenge } = pkce();
  const redirect_uri = client.redirect_uris[0]!;
  const { location } = await authorizeWithCookie(admin, cookie, {
    client_id: client.client_id,
    redirect_uri,
    challenge,
    state: newState(),
  });
  const code = location.searchParams.get('code');
  if (!code)
    throw new CheckFailure(
      `precondition: second tenant consent gave no code (error ${location.searchParams.get('error') ?? 'none'})`,
    );
  return (await exchangeCode(admin, ledger, { client_id: client.client_id, code, verifier, redirect_uri }))
    .access_token;
}

/** The run's second tenant: skips when the run has none on purpose, fails when setup could not make it. */
export function provisionedSecondTenant(state: RunState): Tenant {
  if (state.foreign) {
    rememberSecret(state.foreign.password);
    rememberSecret(state.foreign.session_token);
    return state.foreign;
  }
  const why = state.foreign_skip_reason ?? 'global setup did not provision it';
  test.skip(why.startsWith('skipped:'), why);
  throw new CheckFailure(`precondition: ${why}`);
}

/** The second tenant as signed up by this run; a check about a brand-new account skips for a standing one. */
export function freshSecondTenant(state: RunState): Tenant & { signup: NonNullable<Tenant['signup']> } {
  const t = provisionedSecondTenant(state);
  test.skip(
    !t.signup,
    'skipped: the second tenant is a standing account (SMOKE_FOREIGN_EMAIL), and this check needs one signed up by the run',
  );
  return t as Tenant & { signup: NonNullable<Tenant['signup']> };
}

/** The run's second tenant; `{ mcp: true }` also gets it an MCP access token. */
export async function secondTenant(
  state: RunState,
  ledger: LedgerApi,
  opts: { mcp?: boolean } = {},
): Promise<SecondTenant> {
  const t: SecondTenant = { ...provisionedSecondTenant(state), access_token: readToken() };
  if (opts.mcp && !t.access_token) {
    t.access_token = await mcpToken(state, ledger, t);
    publishToken(t.access_token);
  }
  return t;
}

/** The second tenant with its MCP access token. */
export async function secondTenantForMcp(
  state: RunState,
  ledger: LedgerApi,
): Promise<SecondTenant & { access_token: string }> {
  const t = await secondTenant(state, ledger, { mcp: true });
  if (!t.access_token) throw new CheckFailure('precondition: the second tenant has no MCP access token');
  return t as SecondTenant & { access_token: string };
}
