/**
 * POST /webhooks/stripe: Stripe-Signature verified over the raw body; anything unsigned, forged,
 * signed with another secret, stale or tampered is refused (non-2xx) and changes nothing; a
 * correctly signed subscription event changes the tenant's billing_plan, once per event id.
 *
 * The events go to the run's second tenant (helpers/run/second-tenant.ts), held by one check at a time
 * (secondTenantLocked), so a plan change here never races the main tenant's portal/admin checks
 * nor another check's view of the second tenant. Each check starts from the plan the previous
 * one left. Events name the tenant the way the service
 * documents: data.object.metadata.engram_customer_id, plan in metadata.plan and the price's
 * lookup_key (helpers/protocol/stripe-signature.ts). The tenant starts on the default plan; the events ask
 * for another plan of /pricing, so "unchanged" is a real observation.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test, requireWebhookSecret } from '../../helpers/fixtures.js';
import type { Check } from '../../helpers/check.js';
import type { RunState, Tenant } from '../../helpers/run/run-state.js';
import { Billing, Pricing } from '../../helpers/schemas/index.js';
import { nowSeconds, stripeSignature, subscriptionEvent } from '../../helpers/protocol/stripe-signature.js';

interface Subject {
  id: string;
  billing: () => Promise<{ plan: string; status: string }>;
  /** Two paid plans of /pricing that differ from the starting plan. */
  target: string;
  other: string;
  start: string;
}

async function subject(
  http: (o: { auth: { bearer: string } }) => Promise<APIRequestContext>,
  anon: APIRequestContext,
  t: Tenant,
  check: Check,
): Promise<Subject> {
  const ctx = await http({ auth: { bearer: t.session_token } });
  const billing = async () => {
    const b = await check.json(await ctx.get('/account/billing'), 200, Billing);
    return { plan: b.billing_plan, status: b.status };
  };
  // Side by side: one round trip, not two, in each of the group's checks (run one at a time).
  const [{ plan: start }, pricing] = await Promise.all([
    billing(),
    anon.get('/pricing').then((res) => check.json(res, 200, Pricing)),
  ]);
  const plans = pricing.plans.map((p) => p.id).filter((p) => p !== start);
  test.skip(
    plans.length < 2,
    `skipped: /pricing lists ${plans.length} plan(s) besides the current ${start}: a plan change and a replay asking another need two`,
  );
  return { id: t.id, billing, target: plans[0]!, other: plans[1]!, start };
}

/**
 * The plan of a customer without a subscription: what the run's sign-ups started on, else the one
 * plan of /pricing that costs nothing; a skip naming what is missing when neither tells.
 */
async function noSubscriptionPlan(state: RunState, anon: APIRequestContext, check: Check): Promise<string> {
  for (const t of [state.foreign, state.tenant]) {
    const plan = (t?.signup?.customer as { billing_plan?: unknown } | undefined)?.billing_plan;
    if (typeof plan === 'string' && plan) return plan;
  }
  const free = (await check.json(await anon.get('/pricing'), 200, Pricing)).plans.filter(
    (p) => p.price_monthly_usd === 0,
  );
  test.skip(
    free.length !== 1,
    `skipped: no sign-up seen (standing accounts) and ${free.length} zero-priced plans on /pricing: cannot tell the plan a deleted subscription reverts to`,
  );
  return free[0]!.id;
}

async function deliver(anon: APIRequestContext, payload: string, signature?: string) {
  return anon.post('/webhooks/stripe', {
    data: payload,
    headers: {
      'content-type': 'application/json',
      ...(signature !== undefined ? { 'stripe-signature': signature } : {}),
    },
  });
}

/** A refused delivery: non-2xx (and not a 5xx crash), then the plan unchanged. */
async function expectRefused(
  res: Awaited<ReturnType<APIRequestContext['post']>>,
  s: Subject,
  check: Check,
  what: string,
): Promise<string> {
  check.status(res.status());
  check.that(res.status() < 200 || res.status() >= 300, `${what} ACCEPTED with ${res.status()}`);
  check.that(res.status() < 500, `${what} answered ${res.status()} (a crash, not a refusal)`);
  const code =
    ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code ??
    '(no envelope)';
  const after = await s.billing();
  check.that(
    after.plan === s.start,
    `${what} was refused (${res.status()}) but billing_plan changed ${s.start} -> ${after.plan}`,
  );
  check.status(res.status());
  return `${res.status()} ${code}`;
}

test('stripe.unsigned_rejected_not_applied', async ({ http, anon, check, secondTenantLocked }) => {
  const s = await subject(http, anon, secondTenantLocked, check);
  const { payload } = subscriptionEvent({ customerId: s.id, plan: s.target });
  const got = await expectRefused(
    await deliver(anon, payload),
    s,
    check,
    'an event without Stripe-Signature',
  );
  check.detail(`no Stripe-Signature -> ${got}; plan still ${s.start} (event asked for ${s.target})`);
});

test(
  'stripe.bad_signature_rejected_not_applied',
  { tag: ['@critical'] },
  async ({ http, anon, check, secondTenantLocked }) => {
    const s = await subject(http, anon, secondTenantLocked, check);
    const { payload } = subscriptionEvent({ customerId: s.id, plan: s.target });
    const forged = `t=${nowSeconds()},v1=${randomBytes(32).toString('hex')}`;
    const forgedRes = await deliver(anon, payload, forged);
    const got = await expectRefused(forgedRes, s, check, 'an event with a forged v1 signature');
    const garbage = await deliver(anon, payload, 'not-a-signature');
    check.that(
      garbage.status() >= 400 && garbage.status() < 500,
      `a malformed Stripe-Signature answered ${garbage.status()} (want 4xx)`,
    );
    check.that((await s.billing()).plan === s.start, 'a malformed Stripe-Signature changed the plan');
    // An empty v1: stripe-node throws a plain Error here, not its StripeSignatureVerificationError,
    // so a catch narrowed to the library's error class lets this one through.
    const empty = await deliver(anon, payload, `t=${nowSeconds()},v1=`);
    check.that(
      empty.status() >= 400 && empty.status() < 500,
      `a Stripe-Signature with an empty v1= answered ${empty.status()} (want 4xx)`,
    );
    check.that((await s.billing()).plan === s.start, 'a Stripe-Signature with an empty v1= changed the plan');
    check.status(forgedRes.status());
    check.detail(
      `forged v1 -> ${got}, malformed header -> ${garbage.status()}, empty v1= -> ${empty.status()}; plan still ${s.start}`,
    );
  },
);

test('stripe.wrong_secret_rejected_not_applied', async ({ http, anon, check, secondTenantLocked }) => {
  const s = await subject(http, anon, secondTenantLocked, check);
  const { payload } = subscriptionEvent({ customerId: s.id, plan: s.target });
  const sig = stripeSignature(payload, `whsec_wrong_${randomBytes(12).toString('hex')}`);
  const got = await expectRefused(
    await deliver(anon, payload, sig),
    s,
    check,
    'an event signed with another secret',
  );
  check.detail(`well-formed signature made with the wrong secret -> ${got}; plan still ${s.start}`);
});

test(
  'stripe.signed_update_changes_plan',
  { tag: ['@critical', '@mutating'] },
  async ({ http, anon, state, check, secondTenantLocked }) => {
    const secret = requireWebhookSecret(state);
    const s = await subject(http, anon, secondTenantLocked, check);
    const { id, payload } = subscriptionEvent({ customerId: s.id, plan: s.target, status: 'active' });
    const res = await deliver(anon, payload, stripeSignature(payload, secret));
    await check.expectStatus(res, [200, 201, 202, 204]);
    const after = await s.billing();
    check.that(
      after.plan === s.target,
      `signed customer.subscription.updated (plan ${s.target}) accepted with ${res.status()} but billing_plan is ${after.plan}`,
    );
    check.that(
      after.status === 'active',
      `billing status ${after.status} after an active subscription event`,
    );
    check.detail(
      `signed ${id.slice(0, 14)}… -> ${res.status()}; billing_plan ${s.start} -> ${after.plan}, status ${after.status}`,
    );
  },
);

test(
  'stripe.replay_not_applied_twice',
  { tag: ['@mutating'] },
  async ({ http, anon, state, check, secondTenantLocked }) => {
    const secret = requireWebhookSecret(state);
    const s = await subject(http, anon, secondTenantLocked, check);
    const first = subscriptionEvent({ customerId: s.id, plan: s.target });
    const r1 = await deliver(anon, first.payload, stripeSignature(first.payload, secret));
    check.that(r1.status() >= 200 && r1.status() < 300, `first delivery answered ${r1.status()}`);
    check.that(
      (await s.billing()).plan === s.target,
      `first delivery did not apply (plan ${(await s.billing()).plan}, want ${s.target})`,
    );
    // The same event id again, now asking for another plan, correctly signed: a replay, not news.
    const replay = subscriptionEvent({ id: first.id, customerId: s.id, plan: s.other });
    const r2 = await deliver(anon, replay.payload, stripeSignature(replay.payload, secret));
    check.status(r2.status());
    check.that(r2.status() < 500, `the replay answered ${r2.status()} (a crash)`);
    const after = await s.billing();
    check.that(
      after.plan === s.target,
      `replayed event id ${first.id.slice(0, 14)}… applied again: plan ${s.target} -> ${after.plan}`,
    );
    check.detail(
      `event applied once (${s.start} -> ${s.target}); replay of the same id asking ${s.other} -> ${r2.status()}, plan stays ${after.plan}`,
    );
  },
);

test('stripe.stale_timestamp_rejected', async ({ http, anon, state, check, secondTenantLocked }) => {
  const secret = requireWebhookSecret(state);
  const s = await subject(http, anon, secondTenantLocked, check);
  const { payload } = subscriptionEvent({ customerId: s.id, plan: s.target });
  const stale = stripeSignature(payload, secret, nowSeconds() - 10 * 60); // 10 min old, past the 5 min tolerance
  const got = await expectRefused(
    await deliver(anon, payload, stale),
    s,
    check,
    'a correctly signed event 10 minutes old',
  );
  check.detail(`valid signature, timestamp 600 s old -> ${got}; plan still ${s.start}`);
});

test('stripe.tampered_body_rejected', async ({ http, anon, state, check, secondTenantLocked }) => {
  const secret = requireWebhookSecret(state);
  const s = await subject(http, anon, secondTenantLocked, check);
  const signed = subscriptionEvent({ customerId: s.id, plan: s.start });
  const sig = stripeSignature(signed.payload, secret);
  // Same event, same signature, plan swapped after signing: the signature covers the raw bytes.
  const tampered = signed.payload
    .split(`"plan":"${s.start}"`)
    .join(`"plan":"${s.target}"`)
    .split(`"${s.start}_monthly"`)
    .join(`"${s.target}_monthly"`);
  check.that(tampered !== signed.payload, 'could not build the tampered payload');
  const got = await expectRefused(
    await deliver(anon, tampered, sig),
    s,
    check,
    'a signed event whose body was altered after signing',
  );
  check.detail(
    `signature of the original body on a body asking ${s.target} -> ${got}; plan still ${s.start}`,
  );
});

test(
  'stripe.refused_id_not_burned',
  { tag: ['@mutating'] },
  async ({ http, anon, state, check, secondTenantLocked }) => {
    // A refused delivery must not record its event id: the genuine delivery of that id still applies.
    const secret = requireWebhookSecret(state);
    const s = await subject(http, anon, secondTenantLocked, check);
    // The plan named by the price's lookup_key alone (`<plan>_monthly`): the contract's other way.
    const ev = subscriptionEvent({ customerId: s.id, plan: s.target, planIn: 'lookup_key' });
    const forged = await deliver(
      anon,
      ev.payload,
      stripeSignature(ev.payload, `whsec_wrong_${randomBytes(12).toString('hex')}`),
    );
    check.that(forged.status() >= 400, `the forged delivery answered ${forged.status()}`);
    const genuine = await deliver(anon, ev.payload, stripeSignature(ev.payload, secret));
    await check.expectStatus(genuine, [200, 201, 202, 204]);
    const after = await s.billing();
    check.that(
      after.plan === s.target,
      `the genuine delivery after a refused one with the same id did not apply (plan ${after.plan}, want ${s.target})`,
    );
    check.detail(
      `forged delivery -> ${forged.status()}, then the genuine one of the same id (plan in the lookup_key only) -> ${genuine.status()}: plan ${s.start} -> ${after.plan}`,
    );
  },
);

/**
 * The second tenant upgraded by a signed event, then the event that ends its subscription
 * (built by `ending` for that customer and plan) delivered signed: the plan before and after.
 */
async function upgradeThenEnd(
  fx: {
    http: Parameters<typeof subject>[0];
    anon: APIRequestContext;
    state: RunState;
    check: Check;
    secondTenantLocked: Tenant;
  },
  ending: (customerId: string, plan: string) => { payload: string },
) {
  const { http, anon, state, check, secondTenantLocked } = fx;
  const secret = requireWebhookSecret(state);
  const base = await noSubscriptionPlan(state, anon, check);
  const s = await subject(http, anon, secondTenantLocked, check);
  const up = subscriptionEvent({ customerId: s.id, plan: s.target });
  const r1 = await deliver(anon, up.payload, stripeSignature(up.payload, secret));
  check.that(
    r1.status() >= 200 && r1.status() < 300 && (await s.billing()).plan === s.target,
    `setup: the upgrade to ${s.target} did not apply (${r1.status()})`,
  );
  const end = ending(s.id, s.target);
  const r2 = await deliver(anon, end.payload, stripeSignature(end.payload, secret));
  await check.expectStatus(r2, [200, 201, 202, 204]);
  return { base, s, after: await s.billing() };
}

test(
  'stripe.signed_delete_reverts_plan',
  { tag: ['@mutating'] },
  async ({ http, anon, state, check, secondTenantLocked }) => {
    // The contract (docs/contract.md, Webhooks): .deleted puts the customer back on the plan a new
    // customer starts on (the reference service's `free`).
    const { base, s, after } = await upgradeThenEnd(
      { http, anon, state, check, secondTenantLocked },
      (customerId, plan) =>
        subscriptionEvent({ customerId, plan, type: 'customer.subscription.deleted', status: 'canceled' }),
    );
    check.that(
      after.plan === base,
      `after customer.subscription.deleted the plan is ${after.plan}, want ${base} (the plan new customers start on)`,
    );
    check.detail(`${s.start} -> ${s.target} (updated) -> ${after.plan} (deleted, status ${after.status})`);
  },
);

test(
  'stripe.signed_canceled_update_reverts_plan',
  { tag: ['@mutating'] },
  async ({ http, anon, state, check, secondTenantLocked }) => {
    // docs/contract.md, Webhooks: a deleted *or canceled* subscription reverts the plan; Stripe
    // sends the latter as customer.subscription.updated with status canceled.
    const { base, s, after } = await upgradeThenEnd(
      { http, anon, state, check, secondTenantLocked },
      (customerId, plan) => subscriptionEvent({ customerId, plan, status: 'canceled' }),
    );
    check.that(
      after.plan === base && after.status === 'canceled',
      `after customer.subscription.updated with status canceled: plan ${after.plan}, status ${after.status} (want ${base}, canceled)`,
    );
    check.detail(
      `${s.start} -> ${s.target} (updated, active) -> ${after.plan} (updated, status ${after.status})`,
    );
  },
);
