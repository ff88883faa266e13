/** Another tenant's resources are invisible: 404 (never 403, never done). */
import { test } from '../../helpers/fixtures.js';
import { jwtClaims, signupAccount } from '../../helpers/auth-group.js';
import { expectCleanError } from '../../helpers/errors-group.js';
import { ApiKeyCreated, Profile } from '../../helpers/schemas/index.js';

test('foreign.api_key.delete_404_and_key_survives', async ({ anon, http, session, check, ledger }) => {
  const other = await signupAccount(anon, check, ledger);
  const otherCtx = await http({ auth: { bearer: other.token } });
  const key = await check.json(
    await otherCtx.post('/account/api-keys', { data: { name: 'smoke-foreign' } }),
    201,
    ApiKeyCreated,
  );
  try {
    const err = await expectCleanError(
      check,
      await session.delete(`/account/api-keys/${encodeURIComponent(key.id)}`),
      404,
      'not_found',
    );
    const p = await check.json(
      await (await http({ auth: { bearer: key.key } })).get('/account/profile'),
      200,
      Profile,
    );
    check.that(p.id === other.id, `the other tenant's key now opens #${p.id}`);
    check.status(404);
    check.detail(
      `tenant DELETE of another tenant's API key -> 404 ${err.code}; the key still works for its owner`,
    );
  } finally {
    // Revoked by its owner: the ledger's api_key undo runs as the smoke tenant, which cannot see it.
    await otherCtx.delete(`/account/api-keys/${encodeURIComponent(key.id)}`);
  }
});

test('foreign.session.delete_404_and_session_survives', async ({ anon, http, session, check, ledger }) => {
  const other = await signupAccount(anon, check, ledger);
  const sid = String(jwtClaims(other.token).sid ?? '');
  check.that(sid !== '', "the other account's session JWT has no sid claim");
  const err = await expectCleanError(
    check,
    await session.delete(`/account/sessions/${encodeURIComponent(sid)}`),
    404,
    'not_found',
  );
  const p = await check.json(
    await (await http({ auth: { bearer: other.token } })).get('/account/profile'),
    200,
    Profile,
  );
  check.that(p.id === other.id, `the other session now opens #${p.id}`);
  check.status(404);
  check.detail(`tenant DELETE of another tenant's session -> 404 ${err.code}; that session still 200`);
});

test('foreign.byok.read_404', async ({ anon, http, check, ledger, state }) => {
  check.that(!!state.byok, `no provisioned BYOK config: ${state.provisioning_error ?? 'unknown'}`);
  const other = await signupAccount(anon, check, ledger);
  const err = await expectCleanError(
    check,
    await (
      await http({ auth: { bearer: other.token } })
    ).get(`/account/byok/${encodeURIComponent(state.byok!.id)}`),
    404,
    'not_found',
  );
  check.detail(`another tenant GET /account/byok/<smoke tenant's config> -> 404 ${err.code}`);
});
