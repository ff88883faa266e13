/**
 * Usage counters move with the tenant's resources: each equals the length of the list that holds
 * those resources (API keys, BYOK configs, sessions, buckets), read at the same moment. A
 * constant, a count that includes revoked keys or another tenant's rows, disagrees.
 */
import { test } from '../../helpers/fixtures.js';
import { settle } from '../../helpers/checks/settle.js';
import { BucketList } from '../../helpers/schemas/index.js';
import {
  ApiKeyListStrict,
  ByokListStrict,
  SessionsStrict,
  UsageStrict,
} from '../../helpers/schemas/strict.js';

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
    const listed = {
      api_keys: (await check.json(k, 200, ApiKeyListStrict)).api_keys.length,
      byok_configs: (await check.json(b, 200, ByokListStrict)).byok_configs.length,
      sessions: (await check.json(s, 200, SessionsStrict)).sessions.length,
      buckets: (await check.json(r, 200, BucketList)).buckets.length,
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
    `usage = lists (read ${tries}x): ${value.listed.api_keys} keys, ${value.listed.byok_configs} BYOK, ${value.listed.sessions} sessions, ${value.listed.buckets} buckets`,
  );
});
