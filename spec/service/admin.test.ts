// /admin/* on both dialects: the admin boundary (401/403) against the running service, and the
// numbers admin reads from other areas' tables (query_log, memories, byok_configs) against rows
// seeded straight into a store this file owns (the running service's database is not reachable
// from a test), served by the same route factories in-process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { call, FLAVORS, startService, type RunningService } from '../lib/service.js';
import { openStore, type Store } from '../../service/db/connect.js';
import { migrateToLatest } from '../../service/db/migrate.js';
import { loadConfig } from '../../service/config.js';
import { seedAdmin } from '../../service/account/admin-seed.js';
import { authRoutes } from '../../service/account/auth-routes.js';
import { accountRoutes } from '../../service/account/routes.js';
import { adminRoutes } from '../../service/admin/routes.js';
import { baseApp } from '../../service/apps/base.js';
import { errorHandler, notFoundHandler } from '../../service/http/errors.js';
import type { AppContext } from '../../service/context.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/lib/throwaway-postgres.js';

const ADMIN_ROUTES = [
  '/admin/stats',
  '/admin/customers',
  `/admin/customers/${crypto.randomUUID()}`,
  '/admin/presets',
];
const email = (label: string) =>
  `${label}-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@example.test`;

async function signup(base: string, label: string) {
  const r = await call(`${base}/auth/signup`, {
    body: { email: email(label), password: 'admin-test-password' },
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.customer.id as string, token: r.body.token as string };
}

for (const flavor of FLAVORS) {
  describe(`admin on ${flavor} (running service)`, () => {
    let svc: RunningService;
    let url: string;
    let adminToken: string;
    before(async () => {
      svc = await startService(flavor);
      url = svc.adminUrl;
      const r = await call(`${url}/auth/login`, {
        body: { email: svc.adminEmail, password: svc.adminPassword },
      });
      assert.equal(r.status, 200, r.text);
      adminToken = r.body.token;
    });
    after(async () => {
      await svc?.stop();
    });

    test('every admin route: 401 without a credential, 401 with a junk one', async () => {
      for (const route of ADMIN_ROUTES) {
        const none = await call(`${url}${route}`);
        assert.equal(none.status, 401, route);
        assert.equal(none.body.error.code, 'unauthenticated');
        const junk = await call(`${url}${route}`, { token: 'eyJub3QiOiJhIGp3dCJ9.e30.x' });
        assert.equal(junk.status, 401, route);
      }
    });

    test("every admin route: 403 with a customer's session and with a customer's API key", async () => {
      const c = await signup(url, 'not-admin');
      const key = await call(`${url}/account/api-keys`, { token: c.token, body: { name: 'k' } });
      for (const route of ADMIN_ROUTES) {
        for (const [label, token] of [
          ['session', c.token],
          ['api key', key.body.key],
        ]) {
          const r = await call(`${url}${route}`, { token });
          assert.equal(r.status, 403, `${route} with a customer ${label}`);
          assert.equal(r.body.error.code, 'forbidden');
        }
      }
    });

    test("an admin's session and an admin's API key are both accepted", async () => {
      const s = await call(`${url}/admin/stats`, { token: adminToken });
      assert.equal(s.status, 200, s.text);
      for (const k of ['customers', 'memories', 'queries_24h']) assert.equal(typeof s.body[k], 'number', k);
      assert.ok(Array.isArray(s.body.recent_queries));
      const key = await call(`${url}/account/api-keys`, { token: adminToken, body: { name: 'admin-key' } });
      assert.equal(key.status, 201);
      assert.equal((await call(`${url}/admin/presets`, { token: key.body.key })).status, 200);
    });

    test('customers: keyset pages cover every customer once, in (created_at, id) order', async () => {
      for (let i = 0; i < 5; i++) await signup(url, `page${i}`);
      const seen: { id: string; email: string; created_at: string; billing_plan: string }[] = [];
      let cursor: string | null = null;
      let total = -1;
      for (let pages = 0; pages < 50; pages++) {
        const q: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
        const r = await call(`${url}/admin/customers${q}`, { token: adminToken });
        assert.equal(r.status, 200, r.text);
        assert.ok(r.body.customers.length <= 2);
        total = r.body.total;
        seen.push(...r.body.customers);
        cursor = r.body.next_cursor;
        if (!cursor) break;
      }
      assert.equal(cursor, null, 'paging ends');
      assert.equal(seen.length, total);
      assert.ok(total >= 5);
      assert.equal(new Set(seen.map((c) => c.id)).size, seen.length, 'no customer twice');
      assert.ok(!seen.some((c) => c.email === svc.adminEmail), 'admin accounts are not customers');
      const sorted = [...seen].sort(
        (a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id),
      );
      assert.deepEqual(
        seen.map((c) => c.id),
        sorted.map((c) => c.id),
      );
      for (const c of seen)
        assert.deepEqual(Object.keys(c).sort(), ['billing_plan', 'created_at', 'email', 'id']);
    });

    test('customers: limit outside 1..100, a non-number and a forged cursor are 400', async () => {
      for (const q of [
        'limit=0',
        'limit=101',
        'limit=abc',
        'limit=1.5',
        'cursor=not-a-cursor',
        `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      ]) {
        const r = await call(`${url}/admin/customers?${q}`, { token: adminToken });
        assert.equal(r.status, 400, `${q}: ${r.text}`);
        assert.equal(r.body.error.code, 'invalid_request');
      }
      assert.equal((await call(`${url}/admin/customers?limit=100`, { token: adminToken })).status, 200);
    });

    test('customer detail: billing_plan and counts; unknown id 404', async () => {
      const c = await signup(url, 'detail');
      await call(`${url}/account/api-keys`, { token: c.token, body: { name: 'one' } });
      const d = await call(`${url}/admin/customers/${c.id}`, { token: adminToken });
      assert.equal(d.status, 200, d.text);
      for (const k of [
        'id',
        'email',
        'name',
        'billing_plan',
        'created_at',
        'byok_validated_at',
        'api_key_count',
        'memory_count',
      ]) {
        assert.ok(k in d.body, `${k} missing`);
      }
      assert.equal(d.body.billing_plan, 'free');
      assert.equal(d.body.api_key_count, 1);
      assert.equal(d.body.memory_count, 0);
      assert.equal(d.body.byok_validated_at, null);
      const nf = await call(`${url}/admin/customers/${crypto.randomUUID()}`, { token: adminToken });
      assert.equal(nf.status, 404);
      assert.equal(nf.body.error.code, 'not_found');
    });

    test('presets: a static list with id, name, provider, base_url, model', async () => {
      const r = await call(`${url}/admin/presets`, { token: adminToken });
      assert.equal(r.status, 200);
      const ids = r.body.presets.map((p: { id: string }) => p.id);
      assert.ok(ids.includes('openai-default') && ids.includes('anthropic-default'));
      for (const p of r.body.presets)
        for (const k of ['id', 'name', 'provider', 'base_url', 'model']) assert.equal(typeof p[k], 'string');
    });

    test('wrong method is 405 with Allow (for an admin)', async () => {
      const r = await call(`${url}/admin/stats`, { method: 'POST', token: adminToken, body: {} });
      assert.equal(r.status, 405);
      assert.equal(r.headers.get('allow'), 'GET, HEAD');
    });
  });

  describe(`admin on ${flavor} (seeded rows)`, () => {
    let store: Store;
    let pg: ThrowawayPostgres | undefined;
    let tmp: string;
    let server: Server;
    let url: string;
    let adminToken: string;
    const admin = { email: 'seed-admin@engram.test', password: 'seed-admin-password' };

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-admin-test-'));
      if (flavor === 'postgres') pg = await startThrowawayPostgres();
      store = openStore(
        flavor === 'postgres' ? { databaseUrl: pg!.url } : { sqlitePath: path.join(tmp, 'db.sqlite') },
      );
      await migrateToLatest(store);
      await seedAdmin(store.db, admin.email, admin.password);
      const config = loadConfig({ SESSION_SECRET: crypto.randomBytes(32).toString('hex') });
      const ctx: AppContext = { config, store, log: () => {} };
      const app = baseApp();
      app.use('/auth', authRoutes(ctx));
      app.use('/account', accountRoutes(ctx));
      app.use('/admin', adminRoutes(ctx));
      app.use(notFoundHandler);
      app.use(errorHandler(() => {}));
      await new Promise<void>((resolve) => {
        server = app.listen(0, '127.0.0.1', () => resolve());
      });
      const addr = server.address();
      url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      adminToken = (await call(`${url}/auth/login`, { body: admin })).body.token;
    });
    after(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await store?.close();
      pg?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

    test('stats: counts, queries_24h and the latest 20 recent_queries from query_log', async () => {
      const a = await signup(url, 'stats-a');
      const b = await signup(url, 'stats-b');
      const bucket = await store.db
        .insertInto('buckets')
        .values({ customer_id: a.id, name: 'inbox', created_at: iso(0) })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 3; i++) {
        await store.db
          .insertInto('memories')
          .values({
            id: crypto.randomUUID(),
            customer_id: a.id,
            bucket_id: bucket.id,
            content: `memory ${i}`,
            content_hash: `h${i}`,
            created_at: iso(0),
          })
          .execute();
      }
      // 25 queries in the last hours (newest = q0) and 3 from two days ago.
      const rows = Array.from({ length: 25 }, (_, i) => ({
        id: crypto.randomUUID(),
        customer_id: i % 2 ? a.id : b.id,
        question: `q${i}`,
        config_set: null,
        result_count: i,
        created_at: iso(60_000 * (i + 1)),
      }));
      const old = Array.from({ length: 3 }, (_, i) => ({
        id: crypto.randomUUID(),
        customer_id: a.id,
        question: `old${i}`,
        config_set: null,
        result_count: 0,
        created_at: iso(48 * 3600_000 + i),
      }));
      await store.db
        .insertInto('query_log')
        .values([...old, ...rows])
        .execute();

      const r = await call(`${url}/admin/stats`, { token: adminToken });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.customers, 2, 'customers counts role customer only');
      assert.equal(r.body.memories, 3);
      assert.equal(r.body.queries_24h, 25);
      assert.equal(r.body.recent_queries.length, 20);
      assert.deepEqual(
        r.body.recent_queries.map((q: { question: string }) => q.question),
        rows.slice(0, 20).map((q) => q.question),
      );
      const first = r.body.recent_queries[0];
      assert.equal(first.customer_id, b.id);
      assert.equal(first.at, rows[0].created_at, 'the same ISO timestamp on both dialects');
    });

    test('customer detail: latest byok_validated_at, live key count, memory count', async () => {
      const c = await signup(url, 'detail-seeded');
      const now = iso(0);
      const cfg = (name: string, validated: string | null) => ({
        id: crypto.randomUUID(),
        customer_id: c.id,
        name,
        provider: 'openai',
        base_url: null,
        api_key_encrypted: 'x',
        api_key_masked: 'sk-…abcd',
        model: 'gpt-4o-mini',
        overrides: '{}',
        byok_validated_at: validated,
        created_at: now,
        updated_at: now,
      });
      const latest = iso(1000);
      await store.db
        .insertInto('byok_configs')
        .values([cfg('a', iso(3600_000)), cfg('b', latest), cfg('c', null)])
        .execute();
      const k1 = await call(`${url}/account/api-keys`, { token: c.token, body: { name: 'live' } });
      const k2 = await call(`${url}/account/api-keys`, { token: c.token, body: { name: 'revoked' } });
      assert.equal(k1.status, 201);
      assert.equal(
        (await call(`${url}/account/api-keys/${k2.body.id}`, { method: 'DELETE', token: c.token })).status,
        204,
      );
      const bucket = await store.db
        .insertInto('buckets')
        .values({ customer_id: c.id, name: 'work', created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await store.db
        .insertInto('memories')
        .values({
          id: crypto.randomUUID(),
          customer_id: c.id,
          bucket_id: bucket.id,
          content: 'hello',
          content_hash: 'hh',
          created_at: now,
        })
        .execute();

      const d = await call(`${url}/admin/customers/${c.id}`, { token: adminToken });
      assert.equal(d.status, 200, d.text);
      assert.equal(d.body.byok_validated_at, latest);
      assert.equal(typeof d.body.byok_validated_at, 'string');
      assert.equal(d.body.api_key_count, 1, 'revoked keys are not counted');
      assert.equal(d.body.memory_count, 1);
      assert.equal(d.body.billing_plan, 'free');

      const adminRow = await store.db
        .selectFrom('customers')
        .select('id')
        .where('role', '=', 'admin')
        .executeTakeFirstOrThrow();
      assert.equal(
        (await call(`${url}/admin/customers/${adminRow.id}`, { token: adminToken })).status,
        404,
        'only customer accounts',
      );
    });
  });
}
