/** 401s on every app that takes tenant credentials: no credential vs a bad one. */
import { randomBytes } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { freshSession } from '../../helpers/checks/accounts.js';

const TARGETS = [
  { app: 'admin', path: '/account/profile' },
  { app: 'router', path: '/router/buckets' },
] as const;

for (const { app, path } of TARGETS) {
  test(`unauthenticated.${app}.401_envelope`, async ({ http, check }) => {
    const res = await (await http({ app })).get(path);
    const err = await check.error(res, 401, 'unauthenticated');
    const www = res.headers()['www-authenticate'] ?? '';
    check.that(
      /^Bearer\b/i.test(www),
      `401 without a challenge of scheme Bearer (WWW-Authenticate ${www ? 'not Bearer' : 'missing'})`,
    );
    check.that(
      !/error=/.test(www),
      'no credentials sent, yet the challenge carries an error= (RFC 6750 §3.1)',
    );
    check.detail(
      `GET ${path} on ${app} without a credential -> 401 ${err.code}, JSON envelope, challenge scheme Bearer with no error param`,
    );
  });

  test(`invalid_token.${app}.401_invalid_token`, async ({ http, check }) => {
    const forms = [
      `egk_${randomBytes(30).toString('base64url').slice(0, 40)}`, // an API key that was never issued
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c21va2UtZm9yZ2Vk', // a well-formed JWT not signed by the service
      'not-a-credential',
    ];
    const codes: string[] = [];
    // Independent requests: sent together (one round trip), judged in order.
    const responses = await Promise.all(
      forms.map(async (bearer) => (await http({ app, auth: { bearer } })).get(path)),
    );
    for (const res of responses) {
      const err = await check.error(res, 401, 'invalid_token');
      codes.push(err.code);
    }
    check.detail(
      `GET ${path} on ${app} with an unknown egk_ key, a foreign JWT and garbage -> 401 invalid_token x${codes.length}`,
    );
  });
}

test('invalid_token.revoked_session.401_everywhere', async ({ http, urls, check, ledger, tenant }) => {
  // A new session of the run's tenant (its own session stays), logged out.
  const { token } = await freshSession(urls.admin, ledger, tenant, 'revoked-session');
  const admin = await http({ auth: { bearer: token } });
  const router = await http({ app: 'router', auth: { bearer: token } });
  await check.expectStatus(await router.get('/router/buckets'), 200);
  await check.expectStatus(await admin.post('/auth/logout'), 204);
  const a = await check.error(await admin.get('/account/profile'), 401, 'invalid_token');
  const r = await check.error(await router.get('/router/buckets'), 401, 'invalid_token');
  check.detail(
    `logged-out session: 401 ${a.code} on admin /account/profile and 401 ${r.code} on router /router/buckets`,
  );
});
