/** The generic HTTP error contract: 404, 405, 400, 415, 413 as JSON envelopes without leaks. */
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { recordSignup } from '../../helpers/run/signups.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import { smokeEmail } from '../../helpers/checks/accounts.js';

for (const app of ['admin', 'mcp', 'router'] as const) {
  test(`not_found.${app}.json_envelope`, { tag: ['@critical'] }, async ({ http, check }) => {
    const path = `/smoke-no-such-route-${randomBytes(4).toString('hex')}`;
    const res = await (
      await http({ app, headers: { accept: 'text/html,application/xhtml+xml,*/*' } })
    ).get(path);
    const err = await check.error(res, 404, 'not_found');
    check.detail(
      `GET <unknown path> on ${app} (browser Accept) -> 404 ${err.code} as ${err.contentType.split(';')[0]}`,
    );
  });
}

test('method_not_allowed.get_on_post_endpoint.allow', async ({ anon, check }) => {
  const res = await anon.get('/auth/login');
  const err = await check.error(res, 405, 'method_not_allowed');
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bPOST\b/.test(allow), `405 without POST in Allow (Allow: ${allow || 'missing'})`);
  check.that(!/\bGET\b/.test(allow), `GET refused but Allow lists GET (Allow: ${allow})`);
  check.detail(`GET /auth/login -> 405 ${err.code}, Allow: ${allow}`);
});

test('method_not_allowed.delete_on_read_endpoint.allow', async ({ session, check }) => {
  const res = await session.delete('/account/profile');
  const err = await check.error(res, 405, 'method_not_allowed');
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  check.that(!/\bDELETE\b/.test(allow), `DELETE refused but Allow lists DELETE (Allow: ${allow})`);
  const still = await session.get('/account/profile');
  check.equal(still.status(), 200, 'profile status after the refused DELETE');
  check.status(405);
  check.detail(`DELETE /account/profile -> 405 ${err.code}, Allow: ${allow}; profile still 200`);
});

test('invalid_json.malformed_body.400', async ({ anon, check }) => {
  const res = await anon.post('/auth/login', {
    headers: { 'content-type': 'application/json' },
    data: '{"email": "smoke@engram-smoke.test", "password": ',
  });
  const err = await check.error(res, 400, 'invalid_json');
  check.that(
    !/position|Unexpected|token/i.test(err.message),
    "invalid_json message echoes the JSON parser's internals",
  );
  check.detail(`truncated JSON to POST /auth/login -> 400 ${err.code}, parser internals not echoed`);
});

test('invalid_request.json_not_an_object.400', async ({ session, check }) => {
  const seen: string[] = [];
  const bodies = ['[]', '"settings"', '42', 'null'];
  // Independent requests (each is refused): sent together (one round trip), judged in order.
  const responses = await Promise.all(
    bodies.map((data) =>
      session.put('/account/settings', { headers: { 'content-type': 'application/json' }, data }),
    ),
  );
  for (const [i, data] of bodies.entries()) {
    const res = responses[i]!;
    const err = await check.error(res, 400, ['invalid_request', 'invalid_json']);
    seen.push(`${data}->${err.code}`);
  }
  check.detail(`PUT /account/settings with JSON that is not an object: ${seen.join(', ')} (400, never 500)`);
});

test('unsupported_media_type.text_plain.415', async ({ anon, check }) => {
  const res = await anon.post('/auth/login', {
    headers: { 'content-type': 'text/plain' },
    data: 'email=smoke@engram-smoke.test&password=x',
  });
  const err = await check.error(res, 415, 'unsupported_media_type');
  check.detail(`text/plain body to POST /auth/login -> 415 ${err.code}`);
});

test('unsupported_media_type.form_on_json_api.415', async ({ session, check }) => {
  const res = await session.put('/account/settings', { form: { display_name: 'Smoke form' } });
  const err = await check.error(res, 415, 'unsupported_media_type');
  check.detail(`form-urlencoded PUT /account/settings -> 415 ${err.code}`);
});

test('payload_too_large.1mib_body.413', async ({ anon, check }) => {
  const email = smokeEmail();
  const res = await anon.post('/auth/signup', {
    data: { email, password: 'x'.repeat(1024 * 1024), name: 'Smoke oversized' },
  });
  if (res.status() === 201) recordSignup('errors.payload_too_large'); // counted: the service made it
  const err = await check.error(res, 413, 'payload_too_large');
  check.detail(`1 MiB JSON to POST /auth/signup -> 413 ${err.code}`);
});

test('not_found.unknown_api_key.404_not_403', async ({ session, check }) => {
  const err = await expectCleanError(
    check,
    await session.delete(`/account/api-keys/${randomUUID()}`),
    404,
    'not_found',
  );
  check.detail(`DELETE /account/api-keys/<random uuid> -> 404 ${err.code}`);
});
