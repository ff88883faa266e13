/**
 * What a run changes in an account outside the ledger, put back at teardown.
 * Sessions: each sign-in through the OAuth sign-in page (browser and cookie flows) makes one, and
 * only the service knows its token. Every session of the account is deleted that is neither the
 * one asking (logged out last, by the ledger) nor one the account had before the run (a standing
 * account: baseline_sessions). Settings: the portal checks write them; a standing account gets
 * back what it had (baseline_settings).
 */
import { describeFailure, http } from '../protocol/http.js';
import type { RunState } from './run-state.js';

export async function sweepSessions(state: RunState, who: 'tenant' | 'foreign'): Promise<string | null> {
  const t = state[who];
  if (!t) return null;
  const admin = state.urls.admin;
  try {
    const res = await http(`${admin}/account/sessions`, { bearer: t.session_token });
    const sessions = (res.json as { sessions?: Array<{ id: unknown; current?: unknown }> } | undefined)
      ?.sessions;
    if (res.status !== 200 || !Array.isArray(sessions))
      return `GET /account/sessions ${describeFailure(res)}: sign-in sessions left`;
    const keep = new Set(t.baseline_sessions ?? []);
    const ours = sessions.filter((s) => s.current !== true && !keep.has(String(s.id)));
    const results = await Promise.all(
      ours.map((s) =>
        http(`${admin}/account/sessions/${encodeURIComponent(String(s.id))}`, {
          method: 'DELETE',
          bearer: t.session_token,
        }),
      ),
    );
    const bad = results.filter((r) => r.status !== 204 && r.status !== 404);
    return `${ours.length - bad.length} of ${ours.length} other session(s) deleted${bad.length ? ` (${bad.map(describeFailure).join(', ')})` : ''}, ${keep.size} kept from before the run`;
  } catch (e) {
    return `sessions sweep failed: ${(e as Error).message}`;
  }
}

/** PUT /account/settings with what a standing account had before the run. */
export async function restoreSettings(state: RunState, who: 'tenant' | 'foreign'): Promise<string | null> {
  const t = state[who];
  if (!t?.baseline_settings) return null;
  try {
    const res = await http(`${state.urls.admin}/account/settings`, {
      method: 'PUT',
      bearer: t.session_token,
      json: t.baseline_settings,
    });
    return res.status === 200
      ? `${Object.keys(t.baseline_settings).length} setting(s) put back as before the run`
      : `PUT /account/settings ${describeFailure(res)}: settings not restored`;
  } catch (e) {
    return `settings restore failed: ${(e as Error).message}`;
  }
}
