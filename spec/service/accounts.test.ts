// Public, auth and portal surfaces of the admin app, on both dialects, negative paths included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { call, FLAVORS, startService, type RunningService } from '../lib/service.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const uniqueEmail = (label: string) =>
  `${label}-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@example.test`;
const PASSWORD = 'correct horse battery';

async function signup(svc: RunningService, label: string) {
  const email = uniqueEmail(label);
  const r = await call(`${svc.adminUrl}/auth/signup`, { body: { email, password: PASSWORD, name: label } });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.customer.id as string, email, token: r.body.token as string };
}

async function login(svc: RunningService, email: string) {
  const r = await call(`${svc.adminUrl}/auth/login`, { body: { email, password: PASSWORD } });
  assert.equal(r.status, 200, r.text);
  return r.body.token as string;
}

for (const flavor of FLAVORS) {
  describe(`accounts on ${flavor}`, () => {
    let svc: RunningService;
    let url: string;
    before(async () => {
      svc = await startService(flavor);
      url = svc.adminUrl;
    });
    after(async () => {
      await svc?.stop();
    });

    test('GET /pricing lists free, pro and team with prices and limits', async () => {
      const r = await call(`${url}/pricing`);
      assert.equal(r.status, 200);
      const ids = r.body.plans.map((p: { id: string }) => p.id);
      for (const id of ['free', 'pro', 'team']) assert.ok(ids.includes(id), `plan ${id} missing`);
      for (const p of r.body.plans) {
        assert.equal(typeof p.name, 'string');
        assert.equal(typeof p.price_monthly_usd, 'number');
        for (const k of ['memories', 'queries_per_day', 'api_keys'])
          assert.equal(typeof p.limits[k], 'number', `${p.id}.limits.${k}`);
      }
    });

    test('GET /auth/config tells a sign-in page the rules it enforces', async () => {
      const r = await call(`${url}/auth/config`);
      assert.equal(r.status, 200);
      assert.equal(r.body.signup_enabled, true);
      assert.equal(r.body.password.min_length, 8);
      assert.equal(r.body.oauth.issuer, url);
      assert.equal(r.body.oauth.authorization_endpoint, `${url}/authorize`);
      assert.equal(typeof r.body.session_ttl_seconds, 'number');
      // The advertised minimum is the enforced one.
      const short = 'x'.repeat(r.body.password.min_length - 1);
      const s = await call(`${url}/auth/signup`, { body: { email: uniqueEmail('short'), password: short } });
      assert.equal(s.status, 400);
      assert.equal(s.body.error.code, 'invalid_request');
      assert.match(s.body.error.message, /password/);
    });

    test('signup: 201 with the customer and a working session token', async () => {
      const email = uniqueEmail('Signup').replace('signup', 'SignUp');
      const r = await call(`${url}/auth/signup`, { body: { email, password: PASSWORD, name: 'Ada' } });
      assert.equal(r.status, 201, r.text);
      const c = r.body.customer;
      assert.deepEqual(Object.keys(c).sort(), ['billing_plan', 'created_at', 'email', 'id', 'name']);
      assert.equal(c.email, email.toLowerCase());
      assert.equal(c.name, 'Ada');
      assert.equal(c.billing_plan, 'free');
      assert.match(c.created_at, ISO);
      assert.ok(!('password_hash' in c));
      const p = await call(`${url}/account/profile`, { token: r.body.token });
      assert.equal(p.status, 200);
      assert.equal(p.body.id, c.id);
    });

    test('signup: a taken email (any case) is 409 conflict', async () => {
      const a = await signup(svc, 'dup');
      const r = await call(`${url}/auth/signup`, {
        body: { email: a.email.toUpperCase(), password: PASSWORD },
      });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.body.error.code, 'conflict');
    });

    test('signup: bad input is 400/415 with a code, never 500', async () => {
      const bad = await call(`${url}/auth/signup`, { body: { email: 'not-an-email', password: PASSWORD } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /email/);
      const missing = await call(`${url}/auth/signup`, { body: {} });
      assert.equal(missing.status, 400);
      const malformed = await call(`${url}/auth/signup`, {
        method: 'POST',
        raw: '{"email": ',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.code, 'invalid_json');
      const form = await call(`${url}/auth/signup`, {
        method: 'POST',
        raw: 'email=a',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 415);
      assert.equal(form.body.error.code, 'unsupported_media_type');
      const wrongType = await call(`${url}/auth/signup`, { body: { email: 42, password: ['x'] } });
      assert.equal(wrongType.status, 400);
    });

    test('login: 200 {token, expires_at}; wrong password and unknown email are the same 401', async () => {
      const a = await signup(svc, 'login');
      const ok = await call(`${url}/auth/login`, { body: { email: a.email, password: PASSWORD } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(typeof ok.body.token, 'string');
      assert.match(ok.body.expires_at, ISO);
      assert.ok(Date.parse(ok.body.expires_at) > Date.now());
      const wrong = await call(`${url}/auth/login`, {
        body: { email: a.email, password: 'wrong password!' },
      });
      const unknown = await call(`${url}/auth/login`, {
        body: { email: uniqueEmail('ghost'), password: 'wrong password!' },
      });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.body.error.code, 'unauthenticated');
      assert.deepEqual(
        unknown.body,
        wrong.body,
        'unknown email must be indistinguishable from a wrong password',
      );
      const empty = await call(`${url}/auth/login`, { body: { email: a.email } });
      assert.equal(empty.status, 400);
    });

    test('logout: 204, then the same token is 401 everywhere; other sessions live on', async () => {
      const a = await signup(svc, 'logout');
      const other = await login(svc, a.email);
      const out = await call(`${url}/auth/logout`, { method: 'POST', token: a.token });
      assert.equal(out.status, 204);
      for (const path of ['/account/profile', '/account/settings', '/account/api-keys']) {
        const r = await call(`${url}${path}`, { token: a.token });
        assert.equal(r.status, 401, `${path} after logout`);
        assert.equal(r.body.error.code, 'invalid_token');
      }
      assert.equal((await call(`${url}/auth/logout`, { method: 'POST', token: a.token })).status, 401);
      assert.equal((await call(`${url}/account/profile`, { token: other })).status, 200);
    });

    test('logout: no credential 401; an API key is not a session (401)', async () => {
      const a = await signup(svc, 'logout-key');
      assert.equal((await call(`${url}/auth/logout`, { method: 'POST' })).status, 401);
      const key = await call(`${url}/account/api-keys`, { token: a.token, body: { name: 'k' } });
      const r = await call(`${url}/auth/logout`, { method: 'POST', token: key.body.key });
      assert.equal(r.status, 401);
      assert.equal(
        (await call(`${url}/account/profile`, { token: key.body.key })).status,
        200,
        'the key still works',
      );
    });

    test('profile, usage and billing answer the portal shapes', async () => {
      const a = await signup(svc, 'portal');
      const p = await call(`${url}/account/profile`, { token: a.token });
      assert.equal(p.status, 200);
      assert.equal(p.body.email, a.email);
      assert.equal(p.body.billing_plan, 'free');
      const u = await call(`${url}/account/usage`, { token: a.token });
      assert.equal(u.status, 200);
      for (const k of ['memories', 'buckets', 'queries_24h', 'api_keys']) assert.equal(u.body[k], 0, k);
      const b = await call(`${url}/account/billing`, { token: a.token });
      assert.equal(b.status, 200);
      assert.equal(b.body.billing_plan, 'free');
      assert.equal(b.body.status, 'active');
      for (const path of ['/account/profile', '/account/usage', '/account/billing']) {
        const r = await call(`${url}${path}`);
        assert.equal(r.status, 401, path);
        assert.equal(r.body.error.code, 'unauthenticated');
      }
    });

    test('settings: defaults, partial PUT persists every accepted field and returns the merge', async () => {
      const a = await signup(svc, 'settings');
      const g = await call(`${url}/account/settings`, { token: a.token });
      assert.equal(g.status, 200);
      assert.equal(g.body.settings.timezone, 'UTC');
      const full = {
        display_name: 'Ada L.',
        timezone: 'Europe/Paris',
        default_bucket: 'work',
        email_notifications: false,
        retention_days: 30,
      };
      const put = await call(`${url}/account/settings`, { method: 'PUT', token: a.token, body: full });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.body.settings, full);
      const partial = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        body: { retention_days: 90 },
      });
      assert.deepEqual(partial.body.settings, { ...full, retention_days: 90 });
      const again = await call(`${url}/account/settings`, { token: a.token });
      assert.deepEqual(
        again.body.settings,
        { ...full, retention_days: 90 },
        'GET after PUT shows every persisted field',
      );
      const cleared = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        body: { display_name: null },
      });
      assert.equal(cleared.body.settings.display_name, null);
    });

    test('settings: unknown field, wrong type and malformed JSON are 400 and change nothing', async () => {
      const a = await signup(svc, 'settings-bad');
      const before = (await call(`${url}/account/settings`, { token: a.token })).body.settings;
      const unknown = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        body: { timezone: 'Asia/Tokyo', theme: 'dark' },
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.code, 'invalid_request');
      assert.match(unknown.body.error.message, /theme/);
      const wrong = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        body: { retention_days: 'forever' },
      });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /retention_days/);
      const tz = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        body: { timezone: 'Mars/Olympus' },
      });
      assert.equal(tz.status, 400);
      const malformed = await call(`${url}/account/settings`, {
        method: 'PUT',
        token: a.token,
        raw: '{"timezone":',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error.code, 'invalid_json');
      const after = (await call(`${url}/account/settings`, { token: a.token })).body.settings;
      assert.deepEqual(after, before);
    });

    test('sessions: listed with current; DELETE revokes at once; foreign or unknown id 404', async () => {
      const a = await signup(svc, 'sessions');
      const second = await login(svc, a.email);
      const list = await call(`${url}/account/sessions`, { token: a.token });
      assert.equal(list.status, 200);
      assert.equal(list.body.sessions.length, 2);
      const current = list.body.sessions.filter((s: { current: boolean }) => s.current);
      assert.equal(current.length, 1);
      for (const s of list.body.sessions) {
        assert.match(s.created_at, ISO);
        assert.match(s.last_seen_at, ISO);
      }
      const otherId = list.body.sessions.find((s: { current: boolean }) => !s.current).id;

      const b = await signup(svc, 'sessions-b');
      const foreign = await call(`${url}/account/sessions/${otherId}`, { method: 'DELETE', token: b.token });
      assert.equal(foreign.status, 404, "another tenant's session is a 404");
      assert.equal(
        (await call(`${url}/account/profile`, { token: second })).status,
        200,
        'untouched by the foreign DELETE',
      );

      const del = await call(`${url}/account/sessions/${otherId}`, { method: 'DELETE', token: a.token });
      assert.equal(del.status, 204);
      assert.equal((await call(`${url}/account/profile`, { token: second })).status, 401);
      assert.equal(
        (await call(`${url}/account/sessions/${otherId}`, { method: 'DELETE', token: a.token })).status,
        404,
      );
      assert.equal(
        (await call(`${url}/account/sessions/no-such-id`, { method: 'DELETE', token: a.token })).status,
        404,
      );
      const after = await call(`${url}/account/sessions`, { token: a.token });
      assert.equal(after.body.sessions.length, 1);
    });

    test('api keys: created once with egk_ prefix, listed without the secret, revoked 401 at once', async () => {
      const a = await signup(svc, 'keys');
      const created = await call(`${url}/account/api-keys`, { token: a.token, body: { name: 'ci' } });
      assert.equal(created.status, 201, created.text);
      const { id, key, prefix, name, created_at } = created.body;
      assert.match(key, /^egk_[A-Za-z0-9_-]{40}$/);
      assert.equal(prefix, key.slice(0, 12));
      assert.equal(name, 'ci');
      assert.match(created_at, ISO);

      const viaKey = await call(`${url}/account/profile`, { token: key });
      assert.equal(viaKey.status, 200);
      assert.equal(viaKey.body.id, a.id);

      const list = await call(`${url}/account/api-keys`, { token: key });
      assert.equal(list.status, 200);
      assert.equal(list.body.api_keys.length, 1);
      const item = list.body.api_keys[0];
      assert.deepEqual(Object.keys(item).sort(), ['created_at', 'id', 'last_used_at', 'name', 'prefix']);
      assert.ok(!list.text.includes(key), 'the secret never appears in a list');
      assert.match(item.last_used_at, ISO, 'last_used_at is set by use');

      const del = await call(`${url}/account/api-keys/${id}`, { method: 'DELETE', token: a.token });
      assert.equal(del.status, 204);
      const dead = await call(`${url}/account/profile`, { token: key });
      assert.equal(dead.status, 401);
      assert.equal(dead.body.error.code, 'invalid_token');
      assert.equal(
        (await call(`${url}/account/api-keys`, { token: a.token })).body.api_keys.length,
        0,
        'revoked keys are not listed',
      );
      assert.equal(
        (await call(`${url}/account/api-keys/${id}`, { method: 'DELETE', token: a.token })).status,
        404,
      );
    });

    test("api keys: another tenant's key id is 404 and stays alive; bad names 400", async () => {
      const a = await signup(svc, 'keys-a');
      const b = await signup(svc, 'keys-b');
      const k = await call(`${url}/account/api-keys`, { token: a.token, body: { name: 'mine' } });
      const foreign = await call(`${url}/account/api-keys/${k.body.id}`, {
        method: 'DELETE',
        token: b.token,
      });
      assert.equal(foreign.status, 404);
      assert.equal(foreign.body.error.code, 'not_found');
      assert.equal((await call(`${url}/account/profile`, { token: k.body.key })).status, 200);
      assert.equal((await call(`${url}/account/api-keys`, { token: b.token })).body.api_keys.length, 0);
      assert.equal(
        (await call(`${url}/account/api-keys`, { token: a.token, body: { name: '  ' } })).status,
        400,
      );
      assert.equal((await call(`${url}/account/api-keys`, { token: a.token, body: {} })).status, 400);
      assert.equal(
        (await call(`${url}/account/api-keys`, { token: a.token, body: { name: 'x', scope: 'all' } })).status,
        400,
      );
      const forged = await call(`${url}/account/profile`, { token: `egk_${'A'.repeat(40)}` });
      assert.equal(forged.status, 401);
    });

    test('wrong method is 405 with Allow; unknown path is a JSON 404', async () => {
      const a = await signup(svc, 'methods');
      const cases: [string, string, string][] = [
        ['DELETE', '/account/profile', 'GET'],
        ['POST', '/account/settings', 'PUT'],
        ['GET', '/auth/signup', 'POST'],
        ['PUT', '/auth/login', 'POST'],
        ['POST', '/pricing', 'GET'],
        ['GET', '/account/api-keys/x', 'DELETE'],
      ];
      for (const [method, path, allowed] of cases) {
        const r = await call(`${url}${path}`, {
          method,
          token: a.token,
          ...(method === 'GET' ? {} : { body: {} }),
        });
        assert.equal(r.status, 405, `${method} ${path}`);
        assert.equal(r.body.error.code, 'method_not_allowed');
        assert.ok(
          r.headers.get('allow')?.includes(allowed),
          `${method} ${path} Allow: ${r.headers.get('allow')}`,
        );
      }
      const nf = await call(`${url}/account/nope`, { token: a.token });
      assert.equal(nf.status, 404);
      assert.equal(nf.body.error.code, 'not_found');
    });
  });
}
