/** POST /auth/signup: the customer shape, a working session, duplicates and bad input refused. */
import type { APIRequestContext } from '@playwright/test';
import { test, type LedgerApi } from '../../helpers/fixtures.js';
import { smokeEmail, smokePassword } from '../../helpers/checks/accounts.js';
import { recordSignup } from '../../helpers/run/signups.js';
import { Profile, Pricing, SignupResponse } from '../../helpers/schemas/index.js';

test('signup.create.customer_shape_and_live_token', async ({ anon, http, check, state, tenant }) => {
  // The run's own sign-up, as global setup saw it: a run signs up at most two accounts.
  const seen = tenant.signup;
  test.skip(
    !seen,
    'skipped: the tenant is a standing account (SMOKE_TENANT_EMAIL): this run signed up no one',
  );
  check.status(seen!.status);
  check.equal(seen!.status, 201, "global setup's POST /auth/signup status");
  const body = check.parse(
    SignupResponse,
    { customer: seen!.customer, token: tenant.session_token },
    "setup's POST /auth/signup",
  );
  const c = body.customer;
  const email = tenant.email;
  check.that(
    c.email === email,
    `customer.email is not the address sent (lower-case ${email.length} chars in, ${c.email.length} chars out)`,
  );
  check.that(c.id.length > 0, 'customer.id is empty');
  const created = Date.parse(c.created_at);
  check.that(
    Math.abs(Date.parse(state.started_at) - created) < 10 * 60_000,
    `customer.created_at ${c.created_at} is not about the run's start ${state.started_at}`,
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
  check.equal(profile.id, c.id, 'profile id opened by the signup token');
  check.that(profile.email === email, 'signup token opens a profile with another email');
  check.status(201);
  check.detail(
    `setup's sign-up: 201 customer #${c.id}, email echoed, plan ${c.billing_plan} (listed on /pricing), created_at ${c.created_at}; its token opens that profile (200)`,
  );
});

/** A second sign-up of an address that has an account: 409, and no account made (ledgered if one was). */
async function duplicateSignup(anon: APIRequestContext, ledger: LedgerApi, email: string, label: string) {
  const res = await anon.post('/auth/signup', { data: { email, password: smokePassword() } });
  if (res.status() === 201) {
    recordSignup(`auth.${label}`);
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: `signup:${label}`, secret: token });
  }
  return res;
}

test('signup.duplicate.conflict_409', async ({ anon, check, ledger, tenant }) => {
  // The run tenant's own address: it has an account, so nothing new is made.
  const res = await duplicateSignup(anon, ledger, tenant.email, 'duplicate');
  const err = await check.error(res, 409, 'conflict');
  check.detail(`second signup with the same email -> 409 ${err.code}`);
});

test('signup.duplicate_other_case.conflict_409', async ({ anon, check, ledger, tenant }) => {
  const upper = tenant.email.toUpperCase();
  check.that(
    upper !== tenant.email,
    `the tenant's email ${tenant.email.length} chars has no letter to upper-case`,
  );
  const res = await duplicateSignup(anon, ledger, upper, 'upper-case-duplicate');
  const err = await check.error(res, 409, 'conflict');
  check.detail(
    `signup with the upper-cased email of an existing account -> 409 ${err.code} (emails case-insensitive)`,
  );
});

test('signup.weak_password.rejected_names_field', async ({ anon, check, ledger }) => {
  const email = smokeEmail();
  const res = await anon.post('/auth/signup', { data: { email, password: 'short' } });
  if (res.status() === 201) {
    recordSignup('auth.weak_password');
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: 'signup:weak-password', secret: token });
  }
  const err = await check.error(res, 400, 'invalid_request');
  check.that(/password/i.test(err.message), `400 ${err.code} message does not name the password field`);
  const login = await anon.post('/auth/login', { data: { email, password: 'short' } });
  check.equal(login.status(), 401, 'POST /auth/login status after the refused signup');
  check.status(400);
  check.detail(`5-char password -> 400 ${err.code} naming password; no account created (login 401)`);
});

test('signup.invalid_email.rejected_names_field', async ({ anon, check, ledger }) => {
  const res = await anon.post('/auth/signup', {
    data: { email: 'not-an-email.engram-smoke.test', password: smokePassword() },
  });
  if (res.status() === 201) {
    recordSignup('auth.invalid_email');
    const token = ((await res.json()) as { token?: string }).token;
    if (token) ledger.add({ kind: 'session', id: 'signup:invalid-email', secret: token });
  }
  const err = await check.error(res, 400, 'invalid_request');
  check.that(/email/i.test(err.message), `400 ${err.code} message does not name the email field`);
  check.detail(`address without @ -> 400 ${err.code} naming email`);
});
