/**
 * docs/contract.md "BYOK": without a base_url a config set uses its provider's public default,
 * `https://api.openai.com/v1` for openai and `https://api.anthropic.com` for anthropic. Compared
 * exactly, and followed through a provider change: a set that never named a base_url must not keep
 * the old provider's endpoint. No request reaches either provider (create and update never connect).
 */
import { test } from '../../helpers/fixtures.js';
import { byokName, dummyProviderKey } from '../../helpers/checks/byok.js';
import { ByokConfig } from '../../helpers/schemas/index.js';

const DEFAULTS = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' } as const;

test('create.default_base_url.exact_per_provider', async ({ session, check, ledger }) => {
  const create = async (provider: keyof typeof DEFAULTS, extra: Record<string, unknown>) => {
    const res = await session.post('/account/byok', {
      data: {
        name: byokName(`dflt-${provider}`),
        provider,
        api_key: dummyProviderKey(),
        model: 'smoke-model',
        ...extra,
      },
    });
    if (res.status() === 201) {
      const id = ((await res.json().catch(() => ({}))) as { id?: unknown }).id;
      if (id !== undefined) ledger.add({ kind: 'byok', id: String(id) });
    }
    return check.json(res, 201, ByokConfig);
  };
  // One omits base_url, the other sends null: both mean "the provider's default".
  const [openai, anthropic] = await Promise.all([
    create('openai', {}),
    create('anthropic', { base_url: null }),
  ]);
  check.equal(openai.base_url, DEFAULTS.openai, 'openai set created without base_url: base_url');
  check.equal(anthropic.base_url, DEFAULTS.anthropic, 'anthropic set created with base_url null: base_url');
  const switched = await check.json(
    await session.put(`/account/byok/${encodeURIComponent(openai.id)}`, { data: { provider: 'anthropic' } }),
    200,
    ByokConfig,
  );
  check.equal(
    switched.base_url,
    DEFAULTS.anthropic,
    'the defaulted openai set after PUT {provider: anthropic}: base_url',
  );
  const read = await check.json(
    await session.get(`/account/byok/${encodeURIComponent(openai.id)}`),
    200,
    ByokConfig,
  );
  check.equal(read.base_url, DEFAULTS.anthropic, 'GET after the provider change: base_url');
  check.detail(
    `no base_url -> openai ${openai.base_url}, anthropic ${anthropic.base_url}; openai set switched to anthropic -> ${read.base_url}`,
  );
});
