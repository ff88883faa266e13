/** Performs one ledger entry's undo over HTTP (plain fetch) and says what happened, one line. */
import { describeFailure, http } from '../protocol/http.js';
import type { LedgerEntry } from './ledger.js';
import type { McpSession } from '../protocol/mcp-client.js';
import type { RunState } from './run-state.js';

export interface UndoResult {
  ok: boolean;
  note: string;
}

export interface UndoContext {
  state: RunState | null;
  /** Opened lazily with the tenant's API key, shared by all memory deletes. */
  mcp: () => Promise<McpSession>;
}

const gone = (status: number): boolean => status === 404 || status === 410;

export async function performUndo(e: LedgerEntry, ctx: UndoContext): Promise<UndoResult> {
  const admin = ctx.state?.urls.admin;
  const owner = e.owner === 'foreign' ? ctx.state?.foreign : ctx.state?.tenant;
  const session = owner?.session_token;
  if (!admin) return { ok: false, note: 'no run state: cannot reach the service' };
  switch (e.kind) {
    case 'memory': {
      const mcp = await ctx.mcp();
      const r = await mcp.callTool('delete_memory', { memory_id: e.id });
      if (!r.isError) return { ok: true, note: 'delete_memory ok' };
      return /not.?found/i.test(r.text)
        ? { ok: true, note: 'already gone' }
        : { ok: false, note: `delete_memory error: ${r.text.slice(0, 120)}` };
    }
    case 'api_key':
    case 'byok': {
      if (!session) return { ok: false, note: 'no tenant session to undo with' };
      const path = e.kind === 'api_key' ? 'api-keys' : 'byok';
      const res = await http(`${admin}/account/${path}/${encodeURIComponent(e.id)}`, {
        method: 'DELETE',
        bearer: session,
      });
      if (res.status === 204 || res.status === 200)
        return { ok: true, note: `DELETE /account/${path}/:id ${res.status}` };
      if (gone(res.status)) return { ok: true, note: `already gone (${res.status})` };
      return { ok: false, note: `DELETE /account/${path}/:id ${describeFailure(res)}` };
    }
    case 'oauth_token': {
      if (!e.secret) return { ok: false, note: 'no token recorded' };
      const res = await http(`${admin}/revoke`, { form: { token: e.secret, client_id: e.id } });
      // RFC 7009 §2.2: 200 even for an invalid or already revoked token.
      return res.status === 200
        ? { ok: true, note: 'POST /revoke 200' }
        : { ok: false, note: `POST /revoke ${describeFailure(res)}` };
    }
    case 'oauth_client':
      return {
        ok: true,
        note: 'kept: the contract has no client delete endpoint (registrations are harmless)',
      };
    case 'session': {
      if (!e.secret) return { ok: false, note: 'no session token recorded' };
      const res = await http(`${admin}/auth/logout`, { method: 'POST', bearer: e.secret });
      if (res.status === 204 || res.status === 200)
        return { ok: true, note: `POST /auth/logout ${res.status}` };
      if (res.status === 401) return { ok: true, note: 'already logged out (401)' };
      return { ok: false, note: `POST /auth/logout ${describeFailure(res)}` };
    }
  }
}
