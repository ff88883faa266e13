/**
 * Walks the cleanup ledger in reverse (credentials teardown needs come last). Prints
 * `teardown: N undone, M failed`, preceded by one line per undo only when something failed or
 * SMOKE_VERBOSE=1 (a green run's hundred undo lines bury its verdict). Failures are reported, never thrown. Runs once per
 * run (marker file): from global-teardown.ts, or from the fallback reporter when Playwright's
 * global timeout left no time for global teardown.
 */
import { provisioningSettled } from './run-outcome.js';
import fs from 'node:fs';
import { smokeEnv } from './env.js';
import { describeFailure, http } from '../protocol/http.js';
import { readLedger, undoOrder } from './ledger.js';
import { connectMcp, type McpSession } from '../protocol/mcp-client.js';
import { paths } from './paths.js';
import { readRunState, type RunState } from './run-state.js';
import { restoreSettings, sweepSessions } from './account-sweep.js';
import { useMeasuredRtt } from './timeouts.js';
import { performUndo } from './undo.js';

/** Before the credentials go: anything left behind that the ledger does not know about. */
async function leftovers(state: RunState): Promise<string[]> {
  const problems: string[] = [];
  if (!state.api_key) return problems;
  try {
    const res = await http(`${state.urls.router}/router/buckets`, { bearer: state.api_key.key });
    const buckets = (res.json as { buckets?: Array<{ name: string; memory_count: number }> } | undefined)
      ?.buckets;
    if (res.status !== 200 || !buckets)
      problems.push(`could not list buckets: GET /router/buckets ${describeFailure(res)}`);
    else {
      // A standing account held memories before the run: only more than that is ours.
      const before = state.tenant?.baseline_memories ?? {};
      const left = buckets.filter((b) => b.memory_count > (before[b.name] ?? 0));
      if (left.length)
        problems.push(
          `memories left outside the ledger: ${left.map((b) => `${b.name}=${b.memory_count}`).join(', ')}`,
        );
    }
  } catch (e) {
    problems.push(`could not list buckets: ${(e as Error).message}`);
  }
  return problems;
}

/**
 * Tokens a check was handed but never ledgered (interrupted between the token response and
 * ledger.add) are revoked in one call: DELETE /account/oauth-grants ("disconnect all apps").
 */
async function revokeAllGrants(state: RunState, who: 'tenant' | 'foreign'): Promise<string | null> {
  const t = state[who];
  if (!t) return null;
  try {
    const res = await http(`${state.urls.admin}/account/oauth-grants`, {
      method: 'DELETE',
      bearer: t.session_token,
    });
    if (res.status === 404) return 'no /account/oauth-grants on this target: ledgered tokens only';
    const n = (res.json as { revoked?: number } | undefined)?.revoked;
    return res.status === 200
      ? `${n ?? '?'} live token(s) still held by the tenant revoked`
      : `DELETE /account/oauth-grants ${res.status}`;
  } catch (e) {
    return `DELETE /account/oauth-grants failed: ${(e as Error).message}`;
  }
}

/** Runs `fn` over `items`, at most `n` at a time. */
async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

/**
 * `deadlineMs`: after a ceiling hit the run must end soon; undos not started by then are
 * reported (and left to the reaper) instead of attempted.
 */
export async function runTeardown(note = '', opts: { deadlineMs?: number } = {}): Promise<void> {
  if (!fs.existsSync(paths.runDir) || fs.existsSync(paths.teardownDone)) return;
  fs.writeFileSync(paths.teardownDone, new Date().toISOString());

  const started = Date.now();
  const deadline = opts.deadlineMs === undefined ? Infinity : started + opts.deadlineMs;
  // Ctrl-C during global setup starts teardown while setup is still provisioning: wait for it
  // (same process), or the key it is about to mint would be missed.
  await provisioningSettled(15_000);
  let state: RunState | null = null;
  try {
    state = fs.existsSync(paths.state) ? readRunState() : null;
  } catch {
    state = null;
  }
  useMeasuredRtt(state?.rtt_ms);
  const entries = undoOrder(readLedger());
  let mcp: Promise<McpSession> | undefined;
  const ctx = {
    state,
    mcp: () => {
      if (!state?.api_key) return Promise.reject(new Error('no API key to reach MCP with'));
      mcp ??= connectMcp(state.urls.mcp, state.api_key.key);
      return mcp;
    },
  };
  let undone = 0;
  let failed = 0;
  const lines: string[] = [];
  const undo = async (e: (typeof entries)[number]) => {
    let result;
    if (Date.now() > deadline)
      result = {
        ok: false,
        note: `not attempted: teardown deadline (${opts.deadlineMs} ms) passed; left to the reaper`,
      };
    else {
      try {
        result = await performUndo(e, ctx);
      } catch (err) {
        result = { ok: false, note: (err as Error).message.split('\n')[0] };
      }
    }
    if (result.ok) undone++;
    else failed++;
    lines.push(
      `teardown: [${result.ok ? ' ok ' : 'fail'}] ${e.kind} ${e.id} (${e.created_by}): ${result.note}`,
    );
  };
  // What checks made does not depend on each other: undone side by side (round trips, not CPU,
  // are the cost against a remote target: ~190 undos are 3 waves of 64, were 6 of 32). The
  // credentials teardown itself uses go last.
  await inParallel(
    entries.filter((e) => !e.credential),
    64,
    undo,
  );
  // Closed beside the sweeps, before the API key it authenticates with goes.
  const closing = mcp?.then((s) => s.close()).catch(() => undefined);
  const credentials = entries.filter((e) => e.credential);
  if (credentials.length && state && Date.now() <= deadline) {
    const s = state;
    const [left, ...notes] = await Promise.all([
      leftovers(s),
      ...(['tenant', 'foreign'] as const).map((who) =>
        Promise.all([revokeAllGrants(s, who), sweepSessions(s, who), restoreSettings(s, who)]),
      ),
    ]);
    for (const p of left) {
      failed++;
      lines.push(`teardown: [fail] reapable check: ${p}`);
    }
    (['tenant', 'foreign'] as const).forEach((who, k) => {
      const [grants, sessions, settings] = notes[k]!;
      for (const [what, note] of [
        ['oauth grants', grants],
        ['sessions', sessions],
        ['settings', settings],
      ])
        if (note) lines.push(`teardown: [ ok ] ${what} (${who}): ${note}`);
    });
  }
  await closing;
  // Keys and configs side by side, then the sessions that undid them: two round trips, not one
  // per credential.
  await Promise.all(credentials.filter((e) => e.kind !== 'session').map(undo));
  await Promise.all(credentials.filter((e) => e.kind === 'session').map(undo));
  if (failed > 0 || process.env.SMOKE_VERBOSE === '1') for (const line of lines) console.log(line);
  const env = smokeEnv();
  console.log(
    `teardown${note}: ${undone} undone, ${failed} failed (${Date.now() - started} ms, ${env.mode} ${env.urls.admin})`,
  );
}
