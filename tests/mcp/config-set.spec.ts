/** ?config_set=<name> on the MCP URL routes queries to that BYOK profile, and the result says which. */
import { test } from '../../helpers/fixtures.js';
import { byokName, createByokConfig } from '../../helpers/checks/byok.js';
import { hex, marker, storeMemory, uniqueBucket } from '../../helpers/checks/memories.js';
import { QueryResult } from '../../helpers/schemas/index.js';

test('config_set.known.routes', async ({ mcp, state, check, ledger }) => {
  const name = state.byok?.name;
  check.that(
    !!name,
    `no provisioned BYOK config set (${state.provisioning_error ?? 'global setup made none'})`,
  );
  const plain = await mcp();
  const m = marker();
  const bucket = uniqueBucket('cfg');
  await storeMemory(plain, ledger, { content: `Config-set routing probe ${m}.`, bucket });
  const base = check.parse(
    QueryResult,
    (await plain.callTool('query', { question: m, bucket })).data,
    'query (no config_set)',
  );
  check.that(
    base.config_set === null,
    `without ?config_set the result names config_set "${base.config_set}"`,
  );
  const routed = await mcp({ configSet: name! });
  const r = await routed.callTool('query', { question: m, bucket });
  check.that(!r.isError, `query with ?config_set=${name}: tool error ${r.text.slice(0, 120)}`);
  const q = check.parse(QueryResult, r.data, 'query (config_set)');
  check.that(q.config_set === name, `?config_set=${name} answered by config_set "${q.config_set}"`);
  check.that(
    q.context.some((c) => c.content.includes(m)),
    'the routed query lost the retrieval (marker not in context)',
  );
  check.detail(
    `no param -> config_set null; ?config_set=${name} -> config_set ${q.config_set}, composer ${q.composer ?? '?'}, marker retrieved`,
  );
});

test('config_set.unknown.clear_error', async ({ mcp, check }) => {
  const missing = `smoke-missing-${hex(4)}`;
  const s = await mcp({ configSet: missing });
  const r = await s.callTool('query', { question: 'anything at all' });
  check.that(
    r.isError,
    `?config_set=${missing} (no such profile) answered normally (config_set ${(r.data as { config_set?: string } | undefined)?.config_set ?? 'null'})`,
  );
  check.that(r.text.includes(missing), `the error does not name the config set: "${r.text.slice(0, 100)}"`);
  check.that(
    /not.?found|unknown|no such/i.test(r.text),
    `the error does not say the config set is unknown: "${r.text.slice(0, 100)}"`,
  );
  check.detail(`?config_set=${missing} -> tool error "${r.text.slice(0, 90)}"`);
});

test('config_set.foreign.not_found', async ({ http, mcp, check, ledger, secondTenantLocked }) => {
  // A config set of the second tenant (held: admin counts its BYOK sets), named by the run's tenant.
  const other = await http({ auth: { bearer: secondTenantLocked.session_token } });
  const name = byokName('foreign-cfg');
  const { config } = await createByokConfig(other, check, ledger, { name, owner: 'foreign' });
  try {
    // A question nothing matches: no context, so nothing is composed even if the set were found.
    const r = await (await mcp({ configSet: name })).callTool('query', { question: marker() });
    check.that(
      r.isError,
      `?config_set=${name} (the second tenant's) answered the run's tenant normally (config_set ${(r.data as { config_set?: string } | undefined)?.config_set ?? 'null'})`,
    );
    check.that(
      r.text.includes(name) && /not.?found|unknown|no such/i.test(r.text),
      `the error does not say ${name} is unknown: "${r.text.slice(0, 100)}"`,
    );
    check.detail(
      `the second tenant's config set ${name} via ?config_set= -> tool error "${r.text.slice(0, 80)}"`,
    );
  } finally {
    await other.delete(`/account/byok/${encodeURIComponent(config.id)}`);
  }
});
