/** GET /pricing: public, the plans with ids, names, prices and limits. */
import { test } from '../../helpers/fixtures.js';
import { Pricing, Profile } from '../../helpers/schemas/index.js';

test('pricing.get.plans_well_formed', { tag: ['@critical'] }, async ({ anon, check }) => {
  const body = await check.json(await anon.get('/pricing'), 200, Pricing);
  const ids = body.plans.map((p) => p.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  check.that(dupes.length === 0, `plan ids repeat: ${[...new Set(dupes)].join(', ')}`);
  const names = new Set(body.plans.map((p) => p.name));
  check.equal(names.size, body.plans.length, 'distinct plan names (want one per plan)');
  const limitKeys = new Set(body.plans.map((p) => Object.keys(p.limits).sort().join(',')));
  check.that(limitKeys.size === 1, `plans publish different limit sets (${[...limitKeys].join(' | ')})`);
  const prices = body.plans.map((p) => `${p.id}=$${p.price_monthly_usd}`).join(', ');
  check.detail(
    `${body.plans.length} plans (${prices}), unique ids, same ${Object.keys(body.plans[0]!.limits).length} limits each`,
  );
});

test('pricing.get.free_plan_exists', async ({ anon, check }) => {
  const body = await check.json(await anon.get('/pricing'), 200, Pricing);
  const free = body.plans.filter((p) => p.price_monthly_usd === 0);
  check.that(
    free.length >= 1,
    `no plan priced 0 among ${body.plans.map((p) => `${p.id}=${p.price_monthly_usd}`).join(', ')}`,
  );
  const paid = body.plans.filter((p) => p.price_monthly_usd > 0);
  // A paid plan must not give less than the free one: a swapped or zeroed limit shows here.
  for (const p of paid)
    for (const [k, v] of Object.entries(free[0]!.limits))
      check.that(
        (p.limits[k] ?? 0) >= v,
        `paid plan ${p.id} limit ${k}=${p.limits[k]} is below the free plan's ${v}`,
      );
  check.detail(`free plan ${free[0]!.id} at 0; ${paid.length} paid plans, none with a limit below free`);
});

test('pricing.get.lists_the_tenants_plan', async ({ anon, session, check }) => {
  const profile = await check.json(await session.get('/account/profile'), 200, Profile);
  const body = await check.json(await anon.get('/pricing'), 200, Pricing);
  const plan = body.plans.find((p) => p.id === profile.billing_plan);
  check.that(
    !!plan,
    `the tenant's billing_plan ${profile.billing_plan} is not on /pricing (${body.plans.map((p) => p.id).join(', ')})`,
  );
  check.detail(
    `tenant plan ${profile.billing_plan} is /pricing's "${plan!.name}" at $${plan!.price_monthly_usd}`,
  );
});

test('pricing.post.method_not_allowed', async ({ anon, check }) => {
  const res = await anon.post('/pricing', { data: {} });
  const err = await check.error(res, 405, 'method_not_allowed');
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  check.that(!/\bPOST\b/.test(allow), `405 for POST but Allow lists POST (Allow: ${allow})`);
  check.detail(`POST /pricing -> 405 ${err.code}, Allow: ${allow}`);
});
