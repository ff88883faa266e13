/**
 * Concurrency (OAuch; RFC 6749 §4.1.2, RFC 9700 §4.14.2): one authorization code redeemed by
 * several requests at once yields at most one token, and one refresh token used at once rotates
 * once. A read-then-write without a conditional update lets two of them win.
 */
import { test } from '../../helpers/fixtures.js';
import {
  fetchTokenStatus,
  freshCode,
  freshCodeGrant,
  freshTokens,
  type LedgerLike,
} from '../../helpers/protocol/oauth-flow.js';
import { http } from '../../helpers/protocol/http.js';
import type { RunState } from '../../helpers/run/run-state.js';

// A race is found by chance, and less often on a loaded machine (3 rounds missed a PostgreSQL
// fault about 1 catalog run in 5, 2 faults running at a time): each round is another chance, and
// the rounds overlap, so more rounds cost no round trip.
const RACERS = 6;
const ROUNDS = 8;

const tally = (rs: Array<{ status: number; error: string | null }>): string =>
  Object.entries(
    rs.reduce<Record<string, number>>((acc, r) => {
      const k = `${r.status}${r.error ? ` ${r.error}` : ''}`;
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}),
  )
    .map(([k, n]) => `${n}x ${k}`)
    .join(', ');

/**
 * One race: RACERS identical token requests at once; returns each answer. RACERS connections
 * are opened first (a GET each), so the requests leave together on warm connections instead of
 * one on a warm connection and the rest behind a connect: they reach the server closer together.
 */
const race = async (state: RunState, ledger: LedgerLike, form: Record<string, string>) => {
  await Promise.all(Array.from({ length: RACERS }, () => http(`${state.urls.admin}/health`)));
  await new Promise((r) => setImmediate(r)); // a connection goes back to the pool a tick later
  return Promise.all(Array.from({ length: RACERS }, () => fetchTokenStatus(state.urls.admin, ledger, form)));
};

const winsOf = (rs: Array<{ status: number }>) => rs.filter((r) => r.status === 200).length;

test('race.code.one_token', async ({ state, check, ledger }) => {
  // Several rounds at once, each with its own code: a race window is narrow, more tries find it.
  const rounds = await Promise.all(
    Array.from({ length: ROUNDS }, async () => {
      const f = await freshCode(state, ledger);
      return race(state, ledger, freshCodeGrant(f));
    }),
  );
  const all = rounds.flat();
  check.status(rounds.every((r) => winsOf(r) === 1) ? 200 : all[0]!.status);
  for (const r of rounds) {
    check.that(winsOf(r) <= 1, `one code redeemed ${RACERS}x at once gave ${winsOf(r)} tokens (${tally(r)})`);
    check.that(winsOf(r) === 1, `one code redeemed ${RACERS}x at once gave no token at all (${tally(r)})`);
  }
  check.detail(`${ROUNDS} codes, each redeemed ${RACERS}x at once: exactly one token each (${tally(all)})`);
});

test('race.refresh.rotates_once', async ({ state, check, ledger }) => {
  const rounds = await Promise.all(
    Array.from({ length: ROUNDS }, async () => {
      const t = await freshTokens(state, ledger);
      return race(state, ledger, {
        grant_type: 'refresh_token',
        client_id: t.client_id,
        refresh_token: t.refresh_token,
      });
    }),
  );
  const all = rounds.flat();
  check.status(rounds.every((r) => winsOf(r) === 1) ? 200 : all[0]!.status);
  for (const r of rounds) {
    check.that(
      winsOf(r) <= 1,
      `one refresh token used ${RACERS}x at once rotated ${winsOf(r)} times (${tally(r)})`,
    );
    check.that(winsOf(r) === 1, `one refresh token used ${RACERS}x at once never rotated (${tally(r)})`);
  }
  check.detail(
    `${ROUNDS} refresh tokens, each used ${RACERS}x at once: exactly one rotation each (${tally(all)})`,
  );
});
