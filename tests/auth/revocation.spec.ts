/**
 * Revocation reaches every surface at once, with no cache window: a session deleted from the
 * portal (DELETE /account/sessions/:id, not logout) is dead on the admin app AND the router in
 * the very next request. Fresh login of the run's tenant: no new sign-up.
 */
import { test } from '../../helpers/fixtures.js';
import { freshSession } from '../../helpers/checks/accounts.js';

test('revocation.deleted_session.dead_on_rest_and_router_at_once', async ({
  http,
  session,
  check,
  ledger,
  tenant,
  urls,
}) => {
  const victim = await freshSession(urls.admin, ledger, tenant, 'auth:revocation-victim');
  const [rest, router] = await Promise.all([
    http({ auth: { bearer: victim.token } }),
    http({ app: 'router', auth: { bearer: victim.token } }),
  ]);
  // Warm both surfaces first: a cache that remembers "valid" is what this check is after.
  const before = await Promise.all([rest.get('/account/profile'), router.get('/router/buckets')]);
  check.that(
    before.every((r) => r.status() === 200),
    `precondition: the new session got ${before.map((r) => r.status()).join('/')} before revocation`,
  );
  await check.expectStatus(await session.delete(`/account/sessions/${encodeURIComponent(victim.sid)}`), 204);
  const [a, r] = await Promise.all([rest.get('/account/profile'), router.get('/router/buckets')]);
  const ea = await check.error(a, 401, 'invalid_token');
  const er = await check.error(r, 401, 'invalid_token');
  check.detail(
    `session used on both apps (200/200), DELETE /account/sessions/:id 204, next request: admin 401 ${ea.code}, router 401 ${er.code}`,
  );
});
