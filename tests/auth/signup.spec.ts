/** POST /auth/signup: the customer shape, a working session, duplicates and bad input refused. */
import { test } from '../../helpers/fixtures.js';
import { signupAccount, smokeEmail, smokePassword } from '../../helpers/auth-group.js';
import { expectCleanError } from '../../helpers/errors-group.js';
import { Profile, Pricing, SignupResponse } from '../../helpers/schemas/index.js';

test('signup.create.customer_shape_and_live_token', { tag: ['@mutating'] }, async ({ anon, http, check, ledger }) => {
  const email = smokeEmail();
  const res = await anon.post('/auth/signup', {
    data: { email, password: smokePassword(), name: 'Engram smoke extra' },
  });
  const body = await check.json(res, 201, SignupResponse);
  ledger.add({ kind: 'session', id: `signup:${body.customer.id}`, secret: body.token });
  const c = body.customer;
  check.that(
    c.email === email,
    `customer.email is not the address sent (lower-case ${email.length} chars in, ${c.email.length} chars out)`,
  );
  check.that(c.id.length > 0, 'customer.id is empty');
  const created = Date.parse(c.created_at);
  check.that(
    Math.abs(Date.now() - created) < 10 * 60_000,
    `customer.created_at ${c.created_at} is not about now`,
  );
  const plans = check.parse(Pricing, await (await anon.get('/pricing')).json(), 'GET /pricing');
  check.that(
    plans.plans.some((p) => p.id === c.billing_plan),
    `billing_plan ${c.billing_plan} is not a plan id on /pricing (${plans.plans.map((p) => p.id).join(', ')})`,
  );
  const profile = await check.json(
    await (await http({ auth: { bearer: body.token } })).get('/account/profile'),
    200,
    Profile,
  );
  check.that(profile.id === c.id, `signup token opens profile #${profile.id}, but signup created #${c.id}`);
  check.that(profile.email === email, 'signup token opens a profile with another email');
  check.status(201);
  check.detail(
    `201 customer #${c.id}, email echoed, plan ${c.billing_plan} (listed on /pricing), created_at ${c.created_at}; its token opens that profile (200)`,
  );
});

test('signup.duplicate.conflict_409', { tag: ['@mutating'] }, async ({ anon, check, ledger }) => {
  const acct = await signupAccount(anon, check, ledger);
  const res = await anon.post('/auth/signup', { data: { email: acct.email, password: smokePassword() } });
  const err = await expectCleanError(check, res, 409, 'conflict');
  check.detail(`second signup with the same email -> 409 ${err.code}`);
});

test('signup.duplicate_other_case.conflict_409', { tag: ['@mutating'] }, async ({ anon, check, ledger }) => {
  const acct = await signupAccount(anon, check, ledger);
  const upper = acct.email.toUpperCase();
  const res = await anon.post('/auth/signup', { data: { email: upper, password: smokePassword() } });
  if (res.status() === 201) {
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: 'signup:upper-case-duplicate', secret: token });
  }
  const err = await expectCleanError(check, res, 409, 'conflict');
  check.detail(
    `signup with the upper-cased email of an existing account -> 409 ${err.code} (emails case-insensitive)`,
  );
});

test('signup.weak_password.rejected_names_field', async ({ anon, check, ledger }) => {
  const email = smokeEmail();
  const res = await anon.post('/auth/signup', { data: { email, password: 'short' } });
  if (res.status() === 201) {
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: 'signup:weak-password', secret: token });
  }
  const err = await expectCleanError(check, res, 400, 'invalid_request');
  check.that(/password/i.test(err.message), `400 ${err.code} message does not name the password field`);
  const login = await anon.post('/auth/login', { data: { email, password: 'short' } });
  check.that(
    login.status() === 401,
    `the refused signup still created a login (POST /auth/login ${login.status()})`,
  );
  check.status(400);
  check.detail(`5-char password -> 400 ${err.code} naming password; no account created (login 401)`);
});

test('signup.invalid_email.rejected_names_field', async ({ anon, check, ledger }) => {
  const res = await anon.post('/auth/signup', {
    data: { email: 'not-an-email.engram-smoke.test', password: smokePassword() },
  });
  if (res.status() === 201) {
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: 'signup:invalid-email', secret: token });
  }
  const err = await expectCleanError(check, res, 400, 'invalid_request');
  check.that(/email/i.test(err.message), `400 ${err.code} message does not name the email field`);
  check.detail(`address without @ -> 400 ${err.code} naming email`);
});
