/** Each app answers /health with its own name and a live database round-trip. */
import { randomBytes } from 'node:crypto';
import { test, smokeEnv } from '../../helpers/fixtures.js';
import { ErrorEnvelope, Health } from '../../helpers/schemas/index.js';

for (const app of ['admin', 'mcp', 'router'] as const) {
  test(`${app}.reports_ok`, { tag: ['@critical'] }, async ({ http, check }) => {
    const ctx = await http({ app });
    // A fresh nonce per call: only a real database round-trip can echo it back.
    const probe = `smoke${randomBytes(6).toString('hex')}`;
    const body = await check.json(await ctx.get(`/health?probe=${probe}`), 200, Health);
    check.equal(body.app, app, `/health app on the ${app} port`);
    check.that(body.db.ok, `db round-trip not ok (dialect ${body.db.dialect ?? '?'})`);
    check.that(
      body.db.probe === probe,
      `db.probe is ${JSON.stringify(body.db.probe)}, not the nonce sent: a constant or cached health answer`,
    );
    // A second nonce right away: a health answer cached from the first call (however briefly)
    // echoes the first nonce here, not this one.
    const again = `smoke${randomBytes(6).toString('hex')}`;
    const second = await check.json(await ctx.get(`/health?probe=${again}`), 200, Health);
    check.that(
      second.db.probe === again,
      `a second call echoes ${JSON.stringify(second.db.probe)}, not its own nonce: the database check is cached`,
    );
    const env = smokeEnv();
    if (env.mode === 'local' && body.db.dialect)
      check.equal(body.db.dialect, env.db, 'db dialect (want the one the smoke started)');
    const latency = body.db.latency_ms === undefined ? 'no latency reported' : `${body.db.latency_ms} ms`;
    check.detail(
      `${body.app} ${body.version}, db ${body.db.dialect ?? '?'} echoed probes ${probe} and ${again} (${latency})`,
    );
  });
}

test('admin.wrong_method_405', async ({ anon, check }) => {
  const res = await anon.post('/health', { data: {} });
  const body = await check.json(res, 405, ErrorEnvelope);
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  check.equal(body.error.code, 'method_not_allowed', 'error.code');
  check.detail(`POST -> 405 ${body.error.code}, Allow: ${allow}`);
});

test('admin.head_no_body', async ({ anon, check }) => {
  const res = await anon.head('/health');
  await check.expectStatus(res, 200);
  const body = await res.body();
  check.equal(body.length, 0, 'HEAD body bytes');
  check.detail(`HEAD -> 200, empty body, content-type ${res.headers()['content-type'] ?? 'none'}`);
});
