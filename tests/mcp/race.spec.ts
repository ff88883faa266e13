/**
 * Concurrency on memories: the same content stored by several calls at once is still one memory
 * (dedup holds under a race: one id, one row), on both database flavors.
 */
import { test } from '../../helpers/fixtures.js';
import { ledgerStored, listMemories, marker, uniqueBucket } from '../../helpers/checks/memories.js';
import { StoreMemoryResult } from '../../helpers/schemas/index.js';

const RACERS = 5;

test('race.store.same_content_one_memory', async ({ mcp, check, ledger }) => {
  // One session per call: a server may handle one session's requests in turn.
  const sessions = await Promise.all(Array.from({ length: RACERS }, () => mcp()));
  const bucket = uniqueBucket('race');
  const content = `concurrent store ${marker()}`;
  const results = await Promise.all(sessions.map((s) => s.callTool('store_memory', { content, bucket })));
  for (const r of results) ledgerStored(ledger, r);
  const refused = results.filter((r) => r.isError).length;
  const ids = new Set(
    results
      .filter((r) => !r.isError)
      .map((r) => check.parse(StoreMemoryResult, r.data, 'store_memory').memory_id),
  );
  const list = await listMemories(sessions[0]!, bucket);
  check.equal(refused, 0, `refused of ${RACERS} concurrent stores of the same content`);
  check.equal(ids.size, 1, `memory ids from ${RACERS} concurrent stores of the same content`);
  check.that(
    list.total === 1 && list.memories.length === 1,
    `bucket ${bucket} holds ${list.total} memories after the race, want 1`,
  );
  check.detail(
    `${RACERS} concurrent store_memory calls, one session each: 1 memory id, bucket total ${list.total}`,
  );
});
