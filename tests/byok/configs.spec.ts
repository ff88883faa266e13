/**
 * BYOK config sets: CRUD, component overrides, the provider key masked on every read, tenant
 * isolation, and the live validate ping (only with SMOKE_BYOK_KEY: without it nothing here ever
 * makes the service call a provider). Every config a check creates is in the ledger at once.
 */
import { test, requireByokKey } from '../../helpers/fixtures.js';
import {
  byokName,
  createByokConfig,
  dummyProviderKey,
  expectedMask,
  keyLeak,
} from '../../helpers/checks/byok.js';
import { provisionedSecondTenant } from '../../helpers/run/second-tenant.js';
import { ByokConfig, ByokConfigList, ByokValidate, ErrorEnvelope } from '../../helpers/schemas/index.js';

const path = (id: string, rest = ''): string => `/account/byok/${encodeURIComponent(id)}${rest}`;

test('create.shape_201', { tag: ['@critical'] }, async ({ session, check, ledger }) => {
  const name = byokName('create');
  const { config, key, raw } = await createByokConfig(session, check, ledger, { name, model: 'gpt-4o-mini' });
  check.equal(config.name, name, 'echoed name');
  check.equal(config.provider, 'openai', 'provider');
  check.equal(config.model, 'gpt-4o-mini', 'model');
  check.equal(config.api_key_masked, expectedMask(key), 'api_key_masked (first 3 … last 4)');
  check.that(
    Object.keys(config.overrides).length === 0,
    `a new config set has overrides: ${Object.keys(config.overrides).join(', ')}`,
  );
  check.equal(config.byok_validated_at, null, 'byok_validated_at of a new, never validated config set');
  const leak = keyLeak(raw, key);
  check.that(!leak, `POST /account/byok response contains ${leak}`);
  check.detail(
    `201 ${config.name} openai/${config.model}, key ${config.api_key_masked}, no overrides, not validated, base_url ${config.base_url ?? 'null'}`,
  );
});

test('read.matches_create', async ({ session, check, ledger }) => {
  const { config, key } = await createByokConfig(session, check, ledger, { name: byokName('read') });
  const res = await session.get(path(config.id));
  const got = await check.json(res, 200, ByokConfig);
  const leak = keyLeak(await res.text(), key);
  check.that(!leak, `GET /account/byok/:id contains ${leak}`);
  for (const f of ['id', 'name', 'provider', 'base_url', 'model', 'api_key_masked'] as const)
    check.equal(got[f], config[f], `GET /account/byok/:id ${f} (want the create response's)`);
  check.detail(
    `GET ${config.name} -> 200, id/name/provider/base_url/model/mask equal to the create response, key masked ${got.api_key_masked}`,
  );
});

test('list.includes_config', async ({ session, check, ledger }) => {
  const { config, key } = await createByokConfig(session, check, ledger, { name: byokName('list') });
  const res = await session.get('/account/byok');
  const list = await check.json(res, 200, ByokConfigList);
  const leak = keyLeak(await res.text(), key);
  check.that(!leak, `GET /account/byok contains ${leak}`);
  const row = list.byok_configs.find((c) => c.id === config.id);
  check.that(!!row, `config ${config.name} missing from a list of ${list.byok_configs.length}`);
  check.that(
    row!.name === config.name && row!.api_key_masked === config.api_key_masked,
    'the listed row differs from the created config set (name or mask)',
  );
  check.detail(
    `${config.name} listed among ${list.byok_configs.length} config set(s), masked ${row!.api_key_masked}`,
  );
});

test('update.partial_put_persists', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, {
    name: byokName('update'),
    model: 'gpt-4o-mini',
  });
  const put = await check.json(
    await session.put(path(config.id), { data: { model: 'gpt-4.1-mini' } }),
    200,
    ByokConfig,
  );
  check.equal(put.model, 'gpt-4.1-mini', 'model answered by PUT {model}');
  const got = await check.json(await session.get(path(config.id)), 200, ByokConfig);
  check.equal(got.model, 'gpt-4.1-mini', 'model read back after PUT gpt-4.1-mini');
  for (const f of ['name', 'provider', 'base_url', 'api_key_masked'] as const)
    check.equal(got[f], config[f], `${f} after a partial PUT {model}`);
  check.detail(`PUT {model} -> 200; read back gpt-4.1-mini, name/provider/base_url/mask untouched`);
});

test('update.api_key_rotation_remasked', async ({ session, check, ledger }) => {
  const { config, key: oldKey } = await createByokConfig(session, check, ledger, {
    name: byokName('rotate'),
  });
  const newKey = dummyProviderKey();
  const res = await session.put(path(config.id), { data: { api_key: newKey } });
  const put = await check.json(res, 200, ByokConfig);
  const raw = await res.text();
  check.that(!keyLeak(raw, newKey), 'PUT {api_key} response contains the new provider key');
  const got = await check.json(await session.get(path(config.id)), 200, ByokConfig);
  check.that(
    put.api_key_masked === expectedMask(newKey) && got.api_key_masked === expectedMask(newKey),
    `mask after rotation "${got.api_key_masked}", want "${expectedMask(newKey)}"`,
  );
  check.that(expectedMask(oldKey) !== expectedMask(newKey), 'test keys collided on their mask (rerun)');
  check.detail(
    `PUT {api_key} -> mask ${config.api_key_masked} becomes ${got.api_key_masked}, new key never echoed`,
  );
});

test('delete.then_404', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, { name: byokName('delete') });
  const del = await session.delete(path(config.id));
  await check.expectStatus(del, 204);
  const after = await check.json(await session.get(path(config.id)), 404, ErrorEnvelope);
  check.equal(after.error.code, 'not_found', 'GET after DELETE error.code');
  const again = await session.delete(path(config.id));
  check.equal(again.status(), 404, 'second DELETE status');
  const list = await check.json(await session.get('/account/byok'), 200, ByokConfigList);
  check.that(
    !list.byok_configs.some((c) => c.id === config.id),
    `deleted config ${config.name} is still listed`,
  );
  check.status(204);
  check.detail(
    `DELETE -> 204, then GET 404 ${after.error.code}, DELETE again 404, gone from a list of ${list.byok_configs.length}`,
  );
});

test('create.duplicate_name_409', async ({ session, check, ledger }) => {
  const name = byokName('dup');
  await createByokConfig(session, check, ledger, { name });
  const res = await session.post('/account/byok', {
    data: { name, provider: 'openai', api_key: dummyProviderKey(), model: 'gpt-4o-mini' },
  });
  if (res.status() === 201)
    ledger.add({ kind: 'byok', id: String(((await res.json()) as { id: unknown }).id) });
  const body = await check.json(res, 409, ErrorEnvelope);
  check.equal(body.error.code, 'conflict', 'duplicate name error.code');
  const list = await check.json(await session.get('/account/byok'), 200, ByokConfigList);
  const same = list.byok_configs.filter((c) => c.name === name).length;
  check.equal(same, 1, `config sets named ${name} after the rejected duplicate`);
  check.status(409);
  check.detail(`second create of ${name} -> 409 ${body.error.code}, still exactly 1 listed`);
});

test('update.rename_to_taken_409', async ({ session, check, ledger }) => {
  const a = await createByokConfig(session, check, ledger, { name: byokName('ren-a') });
  const b = await createByokConfig(session, check, ledger, { name: byokName('ren-b') });
  const body = await check.json(
    await session.put(path(b.config.id), { data: { name: a.config.name } }),
    409,
    ErrorEnvelope,
  );
  check.equal(body.error.code, 'conflict', 'rename to a taken name error.code');
  const got = await check.json(await session.get(path(b.config.id)), 200, ByokConfig);
  check.equal(got.name, b.config.name, 'name after the rejected rename');
  check.status(409);
  check.detail(`PUT {name: ${a.config.name}} on ${b.config.name} -> 409 ${body.error.code}, name unchanged`);
});

test('create.invalid_input_400', async ({ session, check, ledger }) => {
  const cases: Array<[string, Record<string, unknown>]> = [
    [
      'unknown provider',
      { name: byokName('bad'), provider: 'acme-llm', api_key: dummyProviderKey(), model: 'm' },
    ],
    ['missing api_key', { name: byokName('bad'), provider: 'openai', model: 'm' }],
    ['missing model', { name: byokName('bad'), provider: 'openai', api_key: dummyProviderKey() }],
    ['empty name', { name: '', provider: 'openai', api_key: dummyProviderKey(), model: 'm' }],
  ];
  const seen: string[] = [];
  // Independent requests: sent together (one round trip), judged in order.
  const responses = await Promise.all(cases.map(([, data]) => session.post('/account/byok', { data })));
  for (const [i, [label]] of cases.entries()) {
    const res = responses[i]!;
    if (res.status() === 201)
      ledger.add({ kind: 'byok', id: String(((await res.json()) as { id: unknown }).id) });
    const body = await check.json(res, 400, ErrorEnvelope);
    check.equal(body.error.code, 'invalid_request', `${label}: error.code`);
    seen.push(label);
  }
  check.detail(`400 invalid_request for each of: ${seen.join(', ')}`);
});

test('overrides.composer_round_trip', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, { name: byokName('ovr') });
  const override = { model: 'gpt-4.1-nano', params: { temperature: 0.2, max_tokens: 256 } };
  const put = await check.json(
    await session.put(path(config.id, '/overrides/composer'), { data: override }),
    200,
    ByokConfig,
  );
  const same = (v: unknown): boolean => isDeepEqual(v, override);
  check.that(same(put.overrides.composer), 'PUT overrides/composer answers without the override as sent');
  const got = await check.json(await session.get(path(config.id)), 200, ByokConfig);
  check.that(
    same(got.overrides.composer),
    'GET after PUT overrides/composer does not carry the override as sent',
  );
  const others = Object.keys(got.overrides).filter((c) => c !== 'composer');
  check.that(others.length === 0, `setting composer also set: ${others.join(', ')}`);
  check.equal(got.model, config.model, "the config set's own model after the composer override");
  check.detail(
    `overrides.composer = {model gpt-4.1-nano, temperature 0.2, max_tokens 256} read back equal; base model still ${got.model}`,
  );
});

test('overrides.unknown_component_400', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, { name: byokName('ovr-bad') });
  const body = await check.json(
    await session.put(path(config.id, '/overrides/planner'), { data: { model: 'x-model' } }),
    400,
    ErrorEnvelope,
  );
  check.that(/^[a-z_]+$/.test(body.error.code), `unknown component error.code ${body.error.code}`);
  const got = await check.json(await session.get(path(config.id)), 200, ByokConfig);
  check.that(!('planner' in got.overrides), 'the rejected override for "planner" was stored anyway');
  check.status(400);
  check.detail(
    `PUT overrides/planner -> 400 ${body.error.code}; overrides still {${Object.keys(got.overrides).join(', ')}}`,
  );
});

test('mask.never_raw_key', { tag: ['@critical'] }, async ({ session, check, ledger }) => {
  // Every response that carries the config set, in one pass: create, read, list, PUT, override PUT.
  const {
    config,
    key,
    raw: createRaw,
  } = await createByokConfig(session, check, ledger, { name: byokName('mask') });
  const bodies: Array<[string, string]> = [['POST /account/byok', createRaw]];
  const read = await session.get(path(config.id));
  await check.expectStatus(read, 200);
  bodies.push(['GET /account/byok/:id', await read.text()]);
  const list = await session.get('/account/byok');
  await check.expectStatus(list, 200);
  bodies.push(['GET /account/byok', await list.text()]);
  const put = await session.put(path(config.id), { data: { model: 'gpt-4o' } });
  await check.expectStatus(put, 200);
  bodies.push(['PUT /account/byok/:id', await put.text()]);
  const ovr = await session.put(path(config.id, '/overrides/embedder'), {
    data: { model: 'text-embedding-3-small' },
  });
  await check.expectStatus(ovr, 200);
  bodies.push(['PUT /account/byok/:id/overrides/embedder', await ovr.text()]);
  for (const [where, raw] of bodies) {
    const leak = keyLeak(raw, key);
    check.that(!leak, `${where} contains ${leak}`);
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const rows = Array.isArray(parsed.byok_configs)
      ? (parsed.byok_configs as Array<Record<string, unknown>>)
      : [parsed];
    const keyField = rows
      .flatMap((r) => Object.keys(r))
      .find((f) => /^(api_key|key|api_key_encrypted|secret)$/.test(f));
    check.that(!keyField, `${where} carries a "${keyField}" field`);
  }
  check.detail(
    `${bodies.length} responses (create, read, list, PUT, override PUT): key only as ${expectedMask(key)}, no key field`,
  );
});

test('foreign.config_404', async ({ session, http, state, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, {
    name: byokName('foreign'),
    model: 'gpt-4o-mini',
  });
  const other = provisionedSecondTenant(state); // reads and refused writes only: shared as is
  const asOther = await http({ auth: { bearer: other.session_token } });
  const seen: string[] = [];
  // Never validate here: a leak would make the service call the provider.
  for (const [what, res] of [
    ['GET', await asOther.get(path(config.id))],
    ['PUT', await asOther.put(path(config.id), { data: { model: 'hijacked-model' } })],
    [
      'PUT overrides',
      await asOther.put(path(config.id, '/overrides/composer'), { data: { model: 'hijacked-model' } }),
    ],
    ['DELETE', await asOther.delete(path(config.id))],
  ] as const) {
    const body = await check.json(res, 404, ErrorEnvelope);
    check.equal(body.error.code, 'not_found', `tenant B ${what} on A's config: error.code`);
    seen.push(`${what} 404`);
  }
  const list = await check.json(await asOther.get('/account/byok'), 200, ByokConfigList);
  check.that(
    !list.byok_configs.some((c) => c.id === config.id),
    "tenant B's list shows tenant A's config set",
  );
  const mine = await check.json(await session.get(path(config.id)), 200, ByokConfig);
  check.that(
    mine.model === 'gpt-4o-mini' && !('composer' in mine.overrides),
    "tenant B's refused writes changed tenant A's config set",
  );
  check.status(404);
  check.detail(`tenant B on A's config: ${seen.join(', ')}; not in B's list; A's config intact`);
});

test('validate.unknown_id_404', async ({ session, check }) => {
  // An id that does not exist: nothing to call, so safe without a provider key.
  const body = await check.json(
    await session.post(path('00000000-0000-4000-8000-000000000000', '/validate'), { data: {} }),
    404,
    ErrorEnvelope,
  );
  check.equal(body.error.code, 'not_found', 'validate on an unknown id: error.code');
  check.detail(`POST /account/byok/<unknown>/validate -> 404 ${body.error.code}`);
});

test('validate.live_provider_ping', async ({ session, state, check }) => {
  requireByokKey(); // locally: the one expected skip (no network without a real key)
  check.that(
    !!state.byok?.real_key,
    'SMOKE_BYOK_KEY is set but global setup did not provision a BYOK config with it',
  );
  const id = state.byok!.id;
  const before = Date.now();
  const v = await check.json(await session.post(path(id, '/validate'), { data: {} }), 200, ByokValidate);
  check.that(v.ok, 'validate answered 200 with ok=false');
  check.that(v.byok_validated_at !== null, 'validate ok but byok_validated_at is null');
  const at = Date.parse(v.byok_validated_at!);
  check.that(
    at >= before - 120_000,
    `byok_validated_at ${v.byok_validated_at} is older than the validate call`,
  );
  const got = await check.json(await session.get(path(id)), 200, ByokConfig);
  check.that(
    got.byok_validated_at !== null && Date.parse(got.byok_validated_at) === at,
    `GET after validate shows byok_validated_at ${got.byok_validated_at}, validate said ${v.byok_validated_at}`,
  );
  check.detail(
    `${state.byok!.name} (${got.provider}/${got.model}) ok in ${v.latency_ms} ms, byok_validated_at ${v.byok_validated_at} persisted`,
  );
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
