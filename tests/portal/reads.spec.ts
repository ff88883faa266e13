/** The portal's /account/* reads: profile, usage, billing, API keys and BYOK configs. */
import { test, smokeEnv } from '../../helpers/fixtures.js';
import {
  ApiKeyList,
  Billing,
  PortalByokList,
  PortalUsage,
  Pricing,
  Profile,
} from '../../helpers/schemas/index.js';

test('profile.get.matches_tenant', { tag: ['@critical'] }, async ({ session, check, tenant }) => {
  const p = await check.json(await session.get('/account/profile'), 200, Profile);
  check.equal(p.id, tenant.id, 'profile id (want the provisioned tenant)');
  check.that(p.email === tenant.email, 'profile email is not the tenant email signed up with');
  check.detail(`profile #${p.id}, tenant email, plan ${p.billing_plan}, created_at ${p.created_at}`);
});

test('profile.api_key.same_account', async ({ api, session, check }) => {
  const viaSession = await check.json(await session.get('/account/profile'), 200, Profile);
  const viaKey = await check.json(await api.get('/account/profile'), 200, Profile);
  check.equal(viaKey.id, viaSession.id, "profile id via the API key vs the session's");
  check.that(
    viaKey.email === viaSession.email && viaKey.billing_plan === viaSession.billing_plan,
    'API key and session profiles differ in email or plan',
  );
  check.detail(`API key and session both read profile #${viaKey.id} (plan ${viaKey.billing_plan})`);
});

test('usage.get.numeric_counters', async ({ session, check }) => {
  const res = await session.get('/account/usage');
  const usage = await check.json(res, 200, PortalUsage);
  const counters = Object.entries(usage).filter(([, v]) => typeof v === 'number') as Array<[string, number]>;
  check.that(
    counters.length >= 2,
    `only ${counters.length} numeric counters in /account/usage (keys: ${Object.keys(usage).join(', ')})`,
  );
  for (const [k, v] of counters)
    check.that(Number.isInteger(v) && v >= 0, `usage.${k} = ${v} is not a non-negative integer`);
  const stringly = Object.entries(usage)
    .filter(([, v]) => typeof v === 'string' && /^\d+$/.test(v))
    .map(([k]) => k);
  check.that(
    stringly.length === 0,
    `counters sent as strings (a driver's bigint leaking): ${stringly.join(', ')}`,
  );
  // The provisioned API key and BYOK config exist for the whole run.
  const byName = Object.fromEntries(counters);
  if ('api_keys' in byName)
    check.that(byName.api_keys! >= 1, `usage.api_keys ${byName.api_keys}, but the tenant has a live API key`);
  if ('byok_configs' in byName)
    check.that(
      byName.byok_configs! >= 1,
      `usage.byok_configs ${byName.byok_configs}, but the tenant has a BYOK config`,
    );
  if ('sessions' in byName)
    check.that(
      byName.sessions! >= 1,
      `usage.sessions ${byName.sessions}, but this request used a live session`,
    );
  check.detail(`${counters.length} counters: ${counters.map(([k, v]) => `${k}=${v}`).join(', ')}`);
});

test('billing.get.plan_matches_profile', { tag: ['@critical'] }, async ({ session, anon, check }) => {
  const profile = await check.json(await session.get('/account/profile'), 200, Profile);
  const billing = await check.json(await session.get('/account/billing'), 200, Billing);
  check.equal(billing.billing_plan, profile.billing_plan, "billing's plan vs the profile's");
  const pricing = await check.json(await anon.get('/pricing'), 200, Pricing);
  check.that(
    pricing.plans.some((p) => p.id === billing.billing_plan),
    `billing_plan ${billing.billing_plan} is not a plan on /pricing`,
  );
  check.that(billing.status.length > 0, 'billing status is empty');
  check.status(200);
  check.detail(
    `billing_plan ${billing.billing_plan} (= profile, listed on /pricing), status ${billing.status}`,
  );
});

test('api_keys.list.provisioned_without_secret', async ({ session, check, state }) => {
  const key = state.api_key;
  check.that(!!key, `no provisioned API key: ${state.provisioning_error ?? 'unknown'}`);
  const res = await session.get('/account/api-keys');
  const list = await check.json(res, 200, ApiKeyList);
  const mine = list.api_keys.find((k) => k.id === key!.id);
  check.that(!!mine, `provisioned key #${key!.id} missing from a list of ${list.api_keys.length}`);
  const raw = await res.text();
  check.that(!raw.includes(key!.key), 'GET /account/api-keys echoes the provisioned secret');
  check.that(
    !/egk_[A-Za-z0-9_-]{20,}/.test(raw),
    'GET /account/api-keys carries something shaped like a full egk_ secret',
  );
  if (key!.prefix) check.equal(mine!.prefix, key!.prefix, 'listed prefix vs the prefix shown at create');
  check.detail(
    `key #${mine!.id} "${mine!.name}" listed (prefix ${mine!.prefix}) among ${list.api_keys.length}, no secret in the body`,
  );
});

test('byok.list.provisioned_masked', async ({ session, check, state }) => {
  const byok = state.byok;
  check.that(!!byok, `no provisioned BYOK config: ${state.provisioning_error ?? 'unknown'}`);
  const res = await session.get('/account/byok');
  const list = await check.json(res, 200, PortalByokList);
  const mine = list.byok_configs.find((c) => c.id === byok!.id);
  check.that(!!mine, `provisioned config #${byok!.id} missing from a list of ${list.byok_configs.length}`);
  check.equal(mine!.name, byok!.name, 'listed config name (want the provisioned one)');
  const raw = await res.text();
  const realKey = smokeEnv().byokKey;
  if (realKey) {
    check.that(!raw.includes(realKey), 'GET /account/byok echoes the provider key');
    const want = `${realKey.slice(0, 3)}…${realKey.slice(-4)}`;
    check.that(
      mine!.api_key_masked === want,
      `api_key_masked is not <first 3>…<last 4> of the key (${mine!.api_key_masked.length} chars)`,
    );
  }
  // Global setup's dummy key is sk-smoke-<32 hex>: nothing of that shape may come back.
  check.that(!/sk-smoke-[0-9a-f]{8,}/.test(raw), 'GET /account/byok carries the (dummy) provider key');
  check.that(
    /^.{3}….{4}$/u.test(mine!.api_key_masked),
    `api_key_masked ${mine!.api_key_masked.length} chars, not <3>…<4>`,
  );
  check.that(!/"api_key"\s*:/.test(raw), 'GET /account/byok has an api_key field');
  check.detail(
    `config #${mine!.id} ${mine!.name} (${mine!.provider}/${mine!.model}) listed, key masked ${mine!.api_key_masked}`,
  );
});
