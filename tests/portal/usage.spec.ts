/**
 * Usage counters move with the tenant's resources: each equals the length of the list that holds
 * those resources (API keys, BYOK configs, sessions, buckets, the buckets' memories), read at the
 * same moment; queries_24h moves with a query. A constant, a count that includes revoked keys or
 * another tenant's rows, disagrees.
 */
import { test } from '../../helpers/fixtures.js';
import { marker, storeMemory, uniqueBucket } from '../../helpers/checks/memories.js';
import { settle } from '../../helpers/checks/settle.js';
import { BucketList } from '../../helpers/schemas/index.js';
import {
  ApiKeyListStrict,
  ByokListStrict,
  SessionsStrict,
  UsageStrict,
} from '../../helpers/schemas/strict.js';

// First in the file: its two memories in one bucket give the counters check below memories to count.
test('usage.queries_24h.moves_with_a_query', async ({ session, mcp, check, ledger }) => {
  const read = async () =>
    (await check.json(await session.get('/account/usage'), 200, UsageStrict)).queries_24h;
  const [before, s] = await Promise.all([read(), mcp()]);
  const m = marker();
  const bucket = uniqueBucket('usage');
  for (const n of [1, 2]) await storeMemory(s, ledger, { content: `Usage probe ${n} ${m}`, bucket });
  const r = await s.callTool('query', { question: m });
  check.that(!r.isError, `precondition: MCP query is a tool error: ${r.text.slice(0, 100)}`);
  const after = await read();
  // Other groups query the same tenant meanwhile: the counter moves by at least this one.
  check.that(after > before, `queries_24h ${before} before an MCP query, ${after} after`);
  check.detail(`queries_24h ${before} -> ${after} across one MCP query (2 memories stored in ${bucket})`);
});

test('usage.counters.match_listed_resources', async ({ session, http, check }) => {
  const router = await http({ app: 'router', auth: 'session' });
  const read = async () => {
    const [u, k, b, s, r] = await Promise.all([
      session.get('/account/usage'),
      session.get('/account/api-keys'),
      session.get('/account/byok'),
      session.get('/account/sessions'),
      router.get('/router/buckets'),
    ]);
    const usage = await check.json(u, 200, UsageStrict);
    const buckets = (await check.json(r, 200, BucketList)).buckets;
    const listed = {
      api_keys: (await check.json(k, 200, ApiKeyListStrict)).api_keys.length,
      byok_configs: (await check.json(b, 200, ByokListStrict)).byok_configs.length,
      sessions: (await check.json(s, 200, SessionsStrict)).sessions.length,
      buckets: buckets.length,
      memories: buckets.reduce((n, x) => n + x.memory_count, 0),
    };
    const off = (Object.keys(listed) as Array<keyof typeof listed>).filter((c) => usage[c] !== listed[c]);
    return { usage, listed, off };
  };
  const { value, tries } = await settle(read, (v) => v.off.length === 0);
  check.that(
    value.off.length === 0,
    `usage disagrees with the lists ${tries}x: ${value.off.map((c) => `${c} ${value.usage[c]} vs ${value.listed[c]} listed`).join(', ')}`,
  );
  check.that(
    value.listed.api_keys >= 1 && value.listed.sessions >= 1,
    'the lists are empty, yet the run has a key and a session',
  );
  check.detail(
    `usage = lists (read ${tries}x): ${value.listed.api_keys} keys, ${value.listed.byok_configs} BYOK, ${value.listed.sessions} sessions, ${value.listed.buckets} buckets holding ${value.listed.memories} memories`,
  );
});
