/** POST /auth/logout and session tokens: logout really revokes, one session only; forged JWTs die. */
import { test } from '../../helpers/fixtures.js';
import { freshSession, jwtClaims, tamperSignature } from '../../helpers/checks/accounts.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import { Profile } from '../../helpers/schemas/index.js';

test('logout.session.token_dead_after', async ({ http, urls, check, ledger, tenant }) => {
  // A new session of the run's tenant, logged out: the run's own session stays.
  const { token } = await freshSession(urls.admin, ledger, tenant, 'logout');
  const ctx = await http({ auth: { bearer: token } });
  await check.json(await ctx.get('/account/profile'), 200, Profile);
  await check.expectStatus(await ctx.post('/auth/logout'), 204);
  const after = await check.error(await ctx.get('/account/profile'), 401, [
    'invalid_token',
    'unauthenticated',
  ]);
  check.detail(`profile 200 -> logout 204 -> same token on GET /account/profile 401 ${after.code}`);
});

test('logout.other_session.survives', async ({ http, urls, check, ledger, tenant }) => {
  // Two new sessions of the run's tenant: the first logged out, the second must live on.
  const acct = { id: tenant.id };
  const first = await http({
    auth: { bearer: (await freshSession(urls.admin, ledger, tenant, 'logout-first')).token },
  });
  const second = await freshSession(urls.admin, ledger, tenant, 'logout-second');
  await check.expectStatus(await first.post('/auth/logout'), 204);
  await check.error(await first.get('/account/profile'), 401, ['invalid_token', 'unauthenticated']);
  const other = await check.json(
    await (await http({ auth: { bearer: second.token } })).get('/account/profile'),
    200,
    Profile,
  );
  check.equal(other.id, acct.id, 'profile id opened by the surviving session');
  check.detail(
    `logout of session 1 -> it gets 401, session 2 still 200 on /account/profile (one session revoked, not all)`,
  );
});

test('logout.no_credentials.unauthenticated_401', async ({ anon, check }) => {
  const err = await check.error(await anon.post('/auth/logout'), 401, 'unauthenticated');
  check.detail(`POST /auth/logout without a credential -> 401 ${err.code}`);
});

test('session.tampered_signature.invalid_token_401', async ({ http, check, tenant }) => {
  // A copy of the tenant's live session token, altered: the original is untouched.
  const forged = tamperSignature(tenant.session_token);
  check.that(
    forged !== tenant.session_token && forged.split('.').length === 3,
    'could not build a tampered JWT',
  );
  const err = await expectCleanError(
    check,
    await (await http({ auth: { bearer: forged } })).get('/account/profile'),
    401,
    'invalid_token',
  );
  const real = await (await http({ auth: { bearer: tenant.session_token } })).get('/account/profile');
  check.that(real.status() === 200, `the untampered token got ${real.status()}, so the 401 proves nothing`);
  check.status(401);
  check.detail(`one signature char flipped -> 401 ${err.code}; the original token still 200`);
});

test('session.alg_none_admin_claim.rejected', async ({ http, check, tenant }) => {
  // A copy of the tenant's live session token, altered: the original is untouched.
  const claims = { ...jwtClaims(tenant.session_token), role: 'admin' };
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  const ctx = await http({ auth: { bearer: forged } });
  const account = await check.error(await ctx.get('/account/profile'), 401, 'invalid_token');
  const adminRes = await ctx.get('/admin/stats');
  check.equal(adminRes.status(), 401, 'status of an unsigned JWT claiming role admin on GET /admin/stats');
  check.status(401);
  check.detail(
    `alg=none JWT with role=admin -> 401 ${account.code} on /account/profile and 401 on /admin/stats`,
  );
});
