/**
 * Admin: stats (with the smoke's own query in recent_queries), the customers list (paginated,
 * includes the smoke tenant), customer detail (billing_plan!), presets, and the boundary:
 * customer credentials 403 and no credentials 401 on every admin route. The `admin` fixture skips
 * a check when no admin credentials are configured; the boundary checks need none and always run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test } from '../../helpers/fixtures.js';
import { freshSecondTenant } from '../../helpers/run/second-tenant.js';
import {
  AdminCustomer,
  ApiKeyCreated,
  AdminCustomers,
  AdminStats,
  Billing,
  ErrorEnvelope,
  PortalUsage,
  Presets,
  Pricing,
  QueryResult,
} from '../../helpers/schemas/index.js';
import type { Check } from '../../helpers/check.js';
import { settle } from '../../helpers/checks/settle.js';

/** Every admin route, with the tenant's id for the detail route. */
const adminRoutes = (customerId: string): string[] => [
  '/admin/stats',
  '/admin/customers',
  `/admin/customers/${encodeURIComponent(customerId)}`,
  '/admin/presets',
];
const show = (p: string): string => p.replace(/\/customers\/[^/]+$/, '/customers/:id');

async function expectAll(
  ctx: APIRequestContext,
  check: Check,
  routes: string[],
  status: number,
  codes: string[],
  who: string,
): Promise<string> {
  const got: string[] = [];
  // Independent reads: sent together (one round trip), judged in order.
  const responses = await Promise.all(routes.map((route) => ctx.get(route)));
  for (const [i, route] of routes.entries()) {
    const res = responses[i]!;
    check.status(res.status());
    let code = '(no envelope)';
    const env = ErrorEnvelope.safeParse(await res.json().catch(() => null));
    if (env.success) code = env.data.error.code;
    check.that(
      res.status() === status,
      `GET ${show(route)} with ${who}: ${res.status()} ${code}, want ${status}`,
    );
    check.that(
      codes.includes(code),
      `GET ${show(route)} with ${who}: ${status} with error.code ${code}, want ${codes.join(' or ')}`,
    );
    got.push(code);
  }
  return [...new Set(got)].join('/');
}

test('stats.recent_queries_include_own', async ({ admin, session, mcp, check, tenant }) => {
  const question = `smoke admin probe ${randomBytes(6).toString('hex')} which bucket holds the marker`;
  const client = await mcp();
  const q = await client.callTool('query', { question });
  check.that(!q.isError, `MCP query failed: ${q.text.slice(0, 120)}`);
  check.parse(QueryResult, q.data, 'MCP query');
  const stats = await check.json(await admin.get('/admin/stats'), 200, AdminStats);
  const hit = stats.recent_queries.find((r) => r.question === question);
  check.that(
    !!hit,
    `own query not among ${stats.recent_queries.length} recent_queries (query_log not written or not read)`,
  );
  check.equal(hit!.customer_id, tenant.id, 'customer of the logged own query');
  check.that(
    Math.abs(Date.parse(hit!.at) - Date.now()) < 10 * 60_000,
    `own query logged at ${hit!.at}, not within 10 min of now`,
  );
  check.that(stats.customers >= 1, `stats.customers ${stats.customers} with the smoke tenant signed up`);
  check.that(stats.queries_24h >= 1, `stats.queries_24h ${stats.queries_24h} right after a query`);
  // All customers' memories include the tenant's own (read together; retried while a concurrent store races).
  const { value: counts } = await settle(
    async () => {
      const [u, st] = await Promise.all([session.get('/account/usage'), admin.get('/admin/stats')]);
      return {
        mine: (await check.json(u, 200, PortalUsage)).memories as number,
        all: (await check.json(st, 200, AdminStats)).memories,
      };
    },
    (c) => c.all >= c.mine,
  );
  check.that(
    counts.all >= counts.mine,
    `stats.memories ${counts.all}, fewer than the tenant's own ${counts.mine}`,
  );
  const pos = stats.recent_queries.indexOf(hit!) + 1;
  check.detail(
    `own query at #${pos} of ${stats.recent_queries.length} recent_queries for the tenant; ${stats.customers} customers, ${stats.memories} memories, ${stats.queries_24h} queries/24h`,
  );
});

test('customers.list_includes_smoke_tenant', async ({ admin, check, tenant }) => {
  const seenCursors = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  let scanned = 0;
  let total: number;
  let found: { email: string; billing_plan: string } | undefined;
  do {
    const q: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
    const page = await check.json(await admin.get(`/admin/customers${q}`), 200, AdminCustomers);
    pages++;
    scanned += page.customers.length;
    total = page.total;
    check.that(page.customers.length <= 100, `limit=100 returned ${page.customers.length} customers`);
    found = page.customers.find((c) => c.id === tenant.id);
    cursor = page.next_cursor;
    if (cursor) {
      check.that(!seenCursors.has(cursor), `next_cursor repeats on page ${pages}: pagination loops`);
      seenCursors.add(cursor);
    }
  } while (!found && cursor && pages < 300);
  check.that(
    !!found,
    `smoke tenant ${tenant.id} not in ${scanned} customers over ${pages} page(s) (total ${total})`,
  );
  check.that(found!.email === tenant.email, `listed tenant email differs from the signup email`);
  check.detail(
    `smoke tenant found on page ${pages} (limit 100) among ${scanned} scanned of ${total}, plan ${found!.billing_plan}`,
  );
});

test('customers.next_cursor_pages', async ({ admin, check }) => {
  // Pages over the customers there are: the run's two tenants (or a standing account and the admin) at least.
  const first = await check.json(await admin.get('/admin/customers?limit=1'), 200, AdminCustomers);
  test.skip(
    first.total < 2,
    `skipped: ${first.total} customer(s) on the target, no second page to follow (a standing-account run signs up no one)`,
  );
  check.equal(first.customers.length, 1, 'customers on page 1 of limit=1');
  check.that(first.next_cursor !== null, `total ${first.total} > 1 but page 1 of limit=1 has no next_cursor`);
  const second = await check.json(
    await admin.get(`/admin/customers?limit=1&cursor=${encodeURIComponent(first.next_cursor!)}`),
    200,
    AdminCustomers,
  );
  check.equal(second.customers.length, 1, 'customers on page 2 of limit=1');
  check.that(
    second.customers[0]!.id !== first.customers[0]!.id,
    'page 2 repeats the customer of page 1: the cursor is ignored',
  );
  const bad = await check.json(await admin.get('/admin/customers?cursor=not-a-cursor'), 400, ErrorEnvelope);
  check.status(200);
  check.detail(
    `limit=1: page 1 and page 2 (via next_cursor) name different customers; total ${first.total}; a forged cursor -> 400 ${bad.error.code}`,
  );
});

test(
  'customers.detail_billing_plan',
  { tag: ['@critical'] },
  async ({ admin, anon, session, check, tenant, ledger }) => {
    const detail = await check.json(
      await admin.get(`/admin/customers/${encodeURIComponent(tenant.id)}`),
      200,
      AdminCustomer,
    );
    check.equal(detail.id, tenant.id, 'detail id');
    check.that(detail.email === tenant.email, 'detail email differs from the signup email');
    check.that(detail.billing_plan.length > 0, 'billing_plan is empty');
    const pricing = await check.json(await anon.get('/pricing'), 200, Pricing);
    const ids = pricing.plans.map((p) => p.id);
    check.that(
      ids.includes(detail.billing_plan),
      `billing_plan "${detail.billing_plan}" is not a /pricing plan (${ids.join(', ')})`,
    );
    const billing = await check.json(await session.get('/account/billing'), 200, Billing);
    check.equal(detail.billing_plan, billing.billing_plan, "admin's plan vs /account/billing");
    check.that(
      detail.api_key_count >= 1,
      `api_key_count ${detail.api_key_count}, but the smoke's provisioned key is live`,
    );
    // A key minted and revoked here: a count that forgets revoked_at shows it.
    const key = await check.json(
      await session.post('/account/api-keys', { data: { name: 'smoke-admin-count' } }),
      201,
      ApiKeyCreated,
    );
    ledger.add({ kind: 'api_key', id: key.id });
    await check.expectStatus(await session.delete(`/account/api-keys/${encodeURIComponent(key.id)}`), 204);
    // The counts are the tenant's, as its own usage says (read together; retried while other groups race).
    const pairs = [
      ['memory_count', 'memories'],
      ['api_key_count', 'api_keys'],
    ] as const;
    const { value: seen } = await settle(
      async () => {
        const [u, d] = await Promise.all([
          session.get('/account/usage'),
          admin.get(`/admin/customers/${encodeURIComponent(tenant.id)}`),
        ]);
        const usage = await check.json(u, 200, PortalUsage);
        const adm = await check.json(d, 200, AdminCustomer);
        return pairs
          .filter(([a, p]) => adm[a] !== usage[p])
          .map(([a, p]) => `${a} ${adm[a]} vs usage ${p} ${String(usage[p])}`);
      },
      (off) => off.length === 0,
    );
    check.that(
      seen.length === 0,
      `admin detail disagrees with the tenant's /account/usage: ${seen.join(', ')}`,
    );
    check.status(200);
    check.detail(
      `billing_plan ${detail.billing_plan} (= /account/billing), ${detail.api_key_count} api key(s), ${detail.memory_count} memories, validated ${detail.byok_validated_at ?? 'never'}; memory and key (one just revoked) counts = /account/usage`,
    );
  },
);

test('customers.detail_fresh_tenant_counts', async ({ admin, http, state, check, secondTenantLocked }) => {
  // A tenant with nothing: the counts must be 0 (not copied from another customer, not constants).
  // The run's second tenant, signed up by the run and never given keys, memories or a validation
  // (held: the one check that gives it a key for a moment waits, and so do plan changes).
  const other = { ...freshSecondTenant(state), token: secondTenantLocked.session_token };
  const detail = await check.json(
    await admin.get(`/admin/customers/${encodeURIComponent(other.id)}`),
    200,
    AdminCustomer,
  );
  check.that(
    detail.id === other.id && detail.email === other.email,
    'detail of the fresh tenant names another customer',
  );
  check.equal(detail.api_key_count, 0, 'fresh tenant api_key_count');
  check.equal(detail.memory_count, 0, 'fresh tenant memory_count');
  check.equal(detail.byok_validated_at, null, 'fresh tenant byok_validated_at');
  const asOther = await http({ auth: { bearer: other.token } });
  const billing = await check.json(await asOther.get('/account/billing'), 200, Billing);
  check.equal(detail.billing_plan, billing.billing_plan, "admin's plan vs the tenant's /account/billing");
  check.status(200);
  check.detail(
    `fresh tenant: 0 keys, 0 memories, never validated, plan ${detail.billing_plan} (= /account/billing)`,
  );
});

test('presets.listed', async ({ admin, check }) => {
  const body = await check.json(await admin.get('/admin/presets'), 200, Presets);
  check.that(body.presets.length > 0, 'no presets');
  const ids = body.presets.map((p) => p.id);
  check.that(new Set(ids).size === ids.length, `duplicate preset ids: ${ids.join(', ')}`);
  for (const p of body.presets) {
    check.that(
      ['openai', 'anthropic'].includes(p.provider),
      `preset ${p.id} has provider "${p.provider}" (want openai or anthropic)`,
    );
    check.that(p.model.trim().length > 0, `preset ${p.id} has an empty model`);
    if (p.base_url !== null)
      check.that(/^https:\/\//.test(p.base_url), `preset ${p.id} base_url is not https`);
  }
  check.detail(
    `${body.presets.length} preset(s): ${body.presets.map((p) => `${p.provider}/${p.model}`).join(', ')}`,
  );
});

test('boundary.customer_session_403', async ({ session, check, tenant }) => {
  const codes = await expectAll(
    session,
    check,
    adminRoutes(tenant.id),
    403,
    ['forbidden'],
    'a customer session',
  );
  check.detail(`stats, customers, customers/:id, presets: all 403 ${codes} with the tenant's session`);
});

test('boundary.customer_api_key_403', { tag: ['@critical'] }, async ({ api, check, tenant }) => {
  const codes = await expectAll(
    api,
    check,
    adminRoutes(tenant.id),
    403,
    ['forbidden'],
    "a customer's API key",
  );
  check.detail(`stats, customers, customers/:id, presets: all 403 ${codes} with the tenant's API key`);
});

test('boundary.no_credentials_401', async ({ anon, check, tenant }) => {
  const codes = await expectAll(
    anon,
    check,
    adminRoutes(tenant.id),
    401,
    ['unauthenticated'],
    'no credentials',
  );
  check.detail(`stats, customers, customers/:id, presets: all 401 ${codes} without credentials`);
});

test('customers.unknown_id_404', async ({ admin, check }) => {
  const id = randomUUID();
  const body = await check.json(await admin.get(`/admin/customers/${id}`), 404, ErrorEnvelope);
  check.equal(body.error.code, 'not_found', 'unknown customer error.code');
  check.detail(`GET /admin/customers/<random uuid> -> 404 ${body.error.code}`);
});
