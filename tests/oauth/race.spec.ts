/**
 * Concurrency (OAuch; RFC 6749 §4.1.2, RFC 9700 §4.14.2): one authorization code redeemed by
 * several requests at once yields at most one token, and one refresh token used at once rotates
 * once. A read-then-write without a conditional update lets two of them win.
 */
import { test } from '../../helpers/fixtures.js';
import { fetchTokenStatus, freshCode, freshTokens } from '../../helpers/oauth-flow.js';

const RACERS = 6;

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

test('race.code.one_token', async ({ state, check, ledger }) => {
  const f = await freshCode(state, ledger);
  const form = {
    grant_type: 'authorization_code',
    client_id: f.client.client_id,
    code: f.code,
    redirect_uri: f.redirect_uri,
    code_verifier: f.verifier,
  };
  const results = await Promise.all(
    Array.from({ length: RACERS }, () => fetchTokenStatus(state.urls.admin, ledger, form)),
  );
  const wins = results.filter((r) => r.status === 200).length;
  check.status(wins === 1 ? 200 : results[0]!.status);
  check.that(wins <= 1, `one code redeemed ${RACERS}x at once gave ${wins} tokens (${tally(results)})`);
  check.that(wins === 1, `one code redeemed ${RACERS}x at once gave no token at all (${tally(results)})`);
  check.detail(`${RACERS} concurrent redemptions of one code: ${tally(results)}`);
});

test('race.refresh.rotates_once', async ({ state, check, ledger }) => {
  const t = await freshTokens(state, ledger);
  const form = { grant_type: 'refresh_token', client_id: t.client_id, refresh_token: t.refresh_token };
  const results = await Promise.all(
    Array.from({ length: RACERS }, () => fetchTokenStatus(state.urls.admin, ledger, form)),
  );
  const wins = results.filter((r) => r.status === 200).length;
  check.status(wins === 1 ? 200 : results[0]!.status);
  check.that(
    wins <= 1,
    `one refresh token used ${RACERS}x at once rotated ${wins} times (${tally(results)})`,
  );
  check.that(wins === 1, `one refresh token used ${RACERS}x at once never rotated (${tally(results)})`);
  check.detail(`${RACERS} concurrent refreshes with one token: ${tally(results)}`);
});
