/**
 * Credentials many checks share, made while the workers start: the tenant's sign-in cookie
 * (every check that walks /authorize) and the second tenant's MCP access token (the mcp
 * isolation checks). Each is 4-8 round trips the first checks would otherwise each make at
 * once, on a check's clock. Global setup starts this and does not wait: starting ~20 workers
 * takes seconds, this a few round trips. A check that looks before one is published makes its
 * own, as before (helpers/protocol/oauth-flow.ts tenantCookie, helpers/run/second-tenant.ts).
 */
import type { LedgerApi } from './ledger.js';
import { registerUndo } from './ledger.js';
import type { RunState } from './run-state.js';
import { tenantCookie } from '../protocol/oauth-flow.js';
import { secondTenant } from './second-tenant.js';

const setupLedger: LedgerApi = {
  add: (e) => registerUndo({ surface: 'admin', ...e, created_by: 'global-setup (warm-up)' }),
};

/** Resolves to a line for the log: what was published, or why not (never rejects). */
export async function warmUp(state: RunState): Promise<string> {
  if (!state.tenant) return 'warm-up: no tenant';
  const [cookie, second] = await Promise.allSettled([
    tenantCookie(state, setupLedger),
    state.foreign ? secondTenant(state, setupLedger, { mcp: true }) : Promise.resolve(null),
  ]);
  const said = (r: PromiseSettledResult<unknown>, what: string) =>
    r.status === 'rejected' ? `${what} failed (${(r.reason as Error).message})` : r.value ? what : null;
  const parts = [said(cookie, 'sign-in cookie'), said(second, 'second tenant MCP token')].filter(Boolean);
  return `warm-up: ${parts.join(', ') || 'nothing'}`;
}
