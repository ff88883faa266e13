/** Another tenant's resources are invisible: 404 (never 403, never done). */
import { test } from '../../helpers/fixtures.js';
import { freshSession, jwtClaims } from '../../helpers/checks/accounts.js';
import { provisionedSecondTenant } from '../../helpers/run/second-tenant.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import type { z } from 'zod';
import { ApiKeyCreated, ApiKeyList, ByokConfigList, Profile, Sessions } from '../../helpers/schemas/index.js';
import { OAuthGrantsStrict } from '../../helpers/schemas/strict.js';

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

test('foreign.lists.only_own_rows', async ({ http, session, state, check }) => {
  // Each tenant's lists (keys, BYOK sets, sessions, connected apps) hold its rows alone: the run's
  // tenant and the second tenant, read at once, share no id. A list that lost its tenant filter
  // shows both tenants' rows to each.
  const other = await http({ auth: { bearer: provisionedSecondTenant(state).session_token } });
  const both = async <T extends z.ZodType>(path: string, schema: T, ids: (b: z.output<T>) => string[]) => {
    const [a, b] = await Promise.all([session.get(`/account/${path}`), other.get(`/account/${path}`)]);
    const mine = ids(await check.json(a, 200, schema));
    const theirs = new Set(ids(await check.json(b, 200, schema)));
    return {
      path,
      mine: mine.length,
      theirs: theirs.size,
      shared: mine.filter((id) => theirs.has(id)).length,
    };
  };
  const seen = await Promise.all([
    both('api-keys', ApiKeyList, (b) => b.api_keys.map((k) => k.id)),
    both('byok', ByokConfigList, (b) => b.byok_configs.map((c) => c.id)),
    both('sessions', Sessions, (b) => b.sessions.map((x) => x.id)),
    both('oauth-grants', OAuthGrantsStrict, (b) => b.oauth_grants.map((g) => g.client_id)),
  ]);
  const leaks = seen.filter((x) => x.shared > 0);
  check.that(
    leaks.length === 0,
    `both tenants list the same rows: ${leaks.map((x) => `${x.path} ${x.shared} shared`).join(', ')}`,
  );
  check.that(seen[0]!.mine >= 1, 'precondition: the run tenant lists no API key, yet it has one');
  check.detail(
    `run tenant vs second tenant, no id in both: ${seen.map((x) => `${x.path} ${x.mine}/${x.theirs}`).join(', ')}`,
  );
});
