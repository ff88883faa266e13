/** POST /auth/login: a real session on success, one indistinguishable 401 for every failure. */
import { test } from '../../helpers/fixtures.js';
import { jwtClaims, smokeEmail, smokePassword } from '../../helpers/checks/accounts.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import { LoginResponse, Profile } from '../../helpers/schemas/index.js';

test(
  'login.valid.session_with_future_expiry',
  { tag: ['@critical'] },
  async ({ anon, http, check, ledger, tenant }) => {
    // The run's tenant: a real account with a live session (setup's), so "a NEW session" is testable.
    const acct = {
      id: tenant.id,
      email: tenant.email,
      password: tenant.password,
      token: tenant.session_token,
    };
    const body = await check.json(
      await anon.post('/auth/login', { data: { email: acct.email, password: acct.password } }),
      200,
      LoginResponse,
    );
    ledger.add({ kind: 'session', id: `login:${acct.id}`, secret: body.token });
    const expires = Date.parse(body.expires_at);
    const inH = (expires - Date.now()) / 3_600_000;
    check.that(expires > Date.now(), `expires_at ${body.expires_at} is not in the future`);
    check.that(
      inH < 24 * 31,
      `expires_at ${body.expires_at} is ${Math.round(inH)} h away (more than 31 days)`,
    );
    check.that(body.token !== acct.token, 'login returned the live session token again (no new session)');
    const claims = jwtClaims(body.token);
    if (typeof claims.exp === 'number')
      check.that(
        Math.abs(claims.exp * 1000 - expires) < 5_000,
        `JWT exp ${claims.exp} disagrees with expires_at ${body.expires_at}`,
      );
    const profile = await check.json(
      await (await http({ auth: { bearer: body.token } })).get('/account/profile'),
      200,
      Profile,
    );
    check.equal(profile.id, acct.id, 'profile id opened by the login token');
    check.detail(
      `200 new session, expires_at in ${inH.toFixed(1)} h (JWT exp agrees), opens profile #${profile.id}`,
    );
  },
);

test('login.wrong_password.unauthenticated_401', { tag: ['@critical'] }, async ({ anon, check, tenant }) => {
  // The tenant's own email: a real account, a wrong password (no new account needed).
  const res = await anon.post('/auth/login', { data: { email: tenant.email, password: smokePassword() } });
  const err = await check.error(res, 401, ['unauthenticated', 'invalid_token']);
  check.detail(`wrong password for an existing account -> 401 ${err.code} envelope, no stack (not 500)`);
});

test('login.unknown_email.same_401_as_wrong_password', async ({ anon, check, tenant }) => {
  const wrong = await expectCleanError(
    check,
    await anon.post('/auth/login', { data: { email: tenant.email, password: smokePassword() } }),
    401,
    ['unauthenticated', 'invalid_token'],
  );
  const unknown = await expectCleanError(
    check,
    await anon.post('/auth/login', { data: { email: smokeEmail(), password: smokePassword() } }),
    401,
    ['unauthenticated', 'invalid_token'],
  );
  check.that(
    unknown.code === wrong.code,
    `unknown email says ${unknown.code}, wrong password says ${wrong.code}: accounts can be enumerated`,
  );
  check.that(
    unknown.message === wrong.message,
    'unknown email and wrong password get different messages: accounts can be enumerated',
  );
  check.detail(
    `unknown email and wrong password both 401 ${wrong.code} with the same message (${wrong.message.length} chars)`,
  );
});

test('login.missing_password.rejected_400', async ({ anon, check }) => {
  const res = await anon.post('/auth/login', { data: { email: smokeEmail() } });
  const err = await check.error(res, 400, 'invalid_request');
  check.that(/password/i.test(err.message), `400 ${err.code} message does not name the password field`);
  check.detail(`login without password -> 400 ${err.code} naming password`);
});
