/** GET /account/sessions and DELETE /account/sessions/:id. */
import { randomUUID } from 'node:crypto';
import { CheckFailure, type Check } from '../../helpers/check.js';
import { test, rememberSecret, type LedgerApi } from '../../helpers/fixtures.js';
import { jwtClaims } from '../../helpers/checks/accounts.js';
import { expectCleanError } from '../../helpers/checks/clean-error.js';
import { describeFailure, http as fetchJson } from '../../helpers/protocol/http.js';
import { Profile, Sessions } from '../../helpers/schemas/index.js';

/** A second session of the tenant, over plain fetch: the tenant password never enters a trace. */
async function secondSession(
  check: Check,
  ledger: LedgerApi,
  tenant: { email: string; password: string },
  admin: string,
  id: string,
) {
  const login = await fetchJson(`${admin}/auth/login`, {
    json: { email: tenant.email, password: tenant.password },
  });
  const token = (login.json as { token?: string } | undefined)?.token;
  if (login.status !== 200 || !token)
    throw new CheckFailure(`POST /auth/login as the tenant: ${describeFailure(login)}`);
  rememberSecret(token);
  ledger.add({ kind: 'session', id, secret: token });
  const sid = String(jwtClaims(token).sid ?? '');
  check.that(sid !== '', 'the new session JWT has no sid claim');
  return { token, sid };
}

test('sessions.list.one_current', async ({ session, check, ledger, tenant, urls }) => {
  // Two live sessions at least, so "every session is current" cannot pass by accident.
  const other = await secondSession(check, ledger, tenant, urls.admin, 'portal:list-second-session');
  const list = await check.json(await session.get('/account/sessions'), 200, Sessions);
  const current = list.sessions.filter((s) => s.current);
  check.that(
    list.sessions.length >= 2,
    `${list.sessions.length} sessions listed, but the tenant has at least 2 live ones`,
  );
  check.equal(current.length, 1, `sessions marked current among ${list.sessions.length}`);
  const sid = jwtClaims(tenant.session_token).sid;
  if (typeof sid === 'string' || typeof sid === 'number')
    check.equal(current[0]!.id, String(sid), "current session id (want this request JWT's sid)");
  const otherEntry = list.sessions.find((s) => s.id === other.sid);
  check.that(
    !!otherEntry && !otherEntry.current,
    `the second session ${other.sid} is ${otherEntry ? 'marked current' : 'missing'}`,
  );
  check.detail(
    `${list.sessions.length} live sessions, exactly one current (#${current[0]!.id}, the request's own sid); the second listed, not current`,
  );
});

test('sessions.delete.other_session_revoked', async ({ session, http, check, ledger, tenant, urls }) => {
  const { token, sid } = await secondSession(check, ledger, tenant, urls.admin, 'portal:second-session');
  const listed = await check.json(await session.get('/account/sessions'), 200, Sessions);
  const entry = listed.sessions.find((s) => s.id === sid);
  check.that(!!entry, `new session ${sid} missing from a list of ${listed.sessions.length}`);
  check.that(!entry!.current, `the other session ${sid} is marked current`);
  await check.expectStatus(await session.delete(`/account/sessions/${encodeURIComponent(sid)}`), 204);
  const dead = await expectCleanError(
    check,
    await (await http({ auth: { bearer: token } })).get('/account/profile'),
    401,
    ['invalid_token', 'unauthenticated'],
  );
  await check.json(await session.get('/account/profile'), 200, Profile);
  const after = await check.json(await session.get('/account/sessions'), 200, Sessions);
  check.that(!after.sessions.some((s) => s.id === sid), `revoked session ${sid} still listed`);
  check.status(204);
  check.detail(
    `DELETE /account/sessions/<other> 204 -> its token 401 ${dead.code}, gone from the list; the current session still 200`,
  );
});

test('sessions.delete.unknown_not_found', async ({ session, check }) => {
  const err = await expectCleanError(
    check,
    await session.delete(`/account/sessions/${randomUUID()}`),
    404,
    'not_found',
  );
  const still = await session.get('/account/profile');
  check.equal(still.status(), 200, 'current session status after deleting an unknown one');
  check.status(404);
  check.detail(`DELETE /account/sessions/<random uuid> -> 404 ${err.code}; current session unaffected`);
});
