/**
 * ?config_set= routes the query to that profile's composer, not just its name: with the profile
 * validated (BYOK key given, or the local fake provider), the answer comes from
 * `provider:<its provider>`; without the parameter, from the built-in `extractive` composer.
 */
import { test, requireByokKey } from '../../helpers/fixtures.js';
import { marker, storeMemory, uniqueBucket } from '../../helpers/checks/memories.js';
import { ByokConfig, ByokValidate, QueryResult } from '../../helpers/schemas/index.js';

test('config_set.known.provider_composer_answers', async ({ mcp, session, state, check, ledger }) => {
  requireByokKey(); // a provider that answers: a real key, or the local fake provider
  const byok = state.byok;
  check.that(
    !!byok,
    `no provisioned BYOK config set (${state.provisioning_error ?? 'global setup made none'})`,
  );
  const m = marker();
  const bucket = uniqueBucket('cmp');
  const [plain, routed, config, validated] = await Promise.all([
    mcp(),
    mcp({ configSet: byok!.name }),
    session.get(`/account/byok/${encodeURIComponent(byok!.id)}`),
    // The provider composes only for a validated profile; validating here keeps the check whole.
    session.post(`/account/byok/${encodeURIComponent(byok!.id)}/validate`, { data: {} }),
  ]);
  await check.json(validated, 200, ByokValidate);
  const { provider } = await check.json(config, 200, ByokConfig);
  await storeMemory(plain, ledger, { content: `Composer routing probe ${m}.`, bucket });
  const [a, b] = await Promise.all([
    plain.callTool('query', { question: m, bucket }),
    routed.callTool('query', { question: m, bucket }),
  ]);
  check.that(!a.isError && !b.isError, `query tool error: ${(a.isError ? a : b).text.slice(0, 120)}`);
  const base = check.parse(QueryResult, a.data, 'query (no config_set)');
  const q = check.parse(QueryResult, b.data, `query (config_set ${byok!.name})`);
  check.equal(base.composer, 'extractive', 'composer without ?config_set');
  check.equal(q.composer, `provider:${provider}`, `composer with ?config_set=${byok!.name}`);
  check.that(q.answer !== base.answer, 'the provider composer gave the extractive answer word for word');
  check.that(
    q.context.some((c) => c.content.includes(m)),
    'the routed query lost the retrieval (marker not in context)',
  );
  check.detail(
    `no param -> ${base.composer}; ?config_set=${byok!.name} -> ${q.composer} (${q.answer.length}-char answer), marker retrieved`,
  );
});
