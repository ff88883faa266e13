/** Another tenant's resources are invisible: 404 (never 403, never done). */
import { test } from '../../helpers/fixtures.js';
import { freshSession, jwtClaims } from '../../helpers/checks/accounts.js';
import { provisionedSecondTenant } from '../../helpers/run/second-tenant.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import { ApiKeyCreated, Profile } from '../../helpers/schemas/index.js';

test('foreign.api_key.delete_404_and_key_survives', async ({
  http,
  session,
  check,
  ledger,
  secondTenantLocked,
}) => {
  // The second tenant gets a key of its own for a moment (held: admin counts its keys).
  const other = secondTenantLocked;
  const otherCtx = await http({ auth: { bearer: other.session_token } });
  const key = await check.json(
    await otherCtx.post('/account/api-keys', { data: { name: 'smoke-foreign' } }),
    201,
    ApiKeyCreated,
  );
  ledger.add({ kind: 'api_key', id: key.id, owner: 'foreign' });
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
    // Revoked by its owner now (the ledger would do it at teardown, as the owner, too).
    await otherCtx.delete(`/account/api-keys/${encodeURIComponent(key.id)}`);
  }
});

test('foreign.session.delete_404_and_session_survives', async ({
  http,
  urls,
  session,
  state,
  check,
  ledger,
}) => {
  // A new session of the second tenant: a service that wrongly deleted it kills no shared session.
  const b = provisionedSecondTenant(state);
  const other = { id: b.id, token: (await freshSession(urls.admin, ledger, b, 'foreign-session')).token };
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

test('foreign.byok.read_404', async ({ http, check, state }) => {
  check.that(!!state.byok, `no provisioned BYOK config: ${state.provisioning_error ?? 'unknown'}`);
  const other = { token: provisionedSecondTenant(state).session_token };
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
