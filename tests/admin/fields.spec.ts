/**
 * Admin views of customers carry the named fields and nothing else (docs/contract.md "Field sets
 * are closed"): no password hash, no Stripe id, no settings, no credential of any kind.
 */
import { test } from '../../helpers/fixtures.js';
import { leaksIn, type Secret } from '../../helpers/checks/leaks.js';
import type { RunState } from '../../helpers/run/run-state.js';
import { AdminCustomerStrict, AdminCustomersStrict } from '../../helpers/schemas/strict.js';

const secretsOf = (state: RunState): Secret[] => [
  ...(state.tenant
    ? [
        { what: 'the tenant password', value: state.tenant.password },
        { what: "the tenant's session JWT", value: state.tenant.session_token },
      ]
    : []),
  ...(state.api_key ? [{ what: "the tenant's API key", value: state.api_key.key }] : []),
  ...(state.admin ? [{ what: 'the admin session', value: state.admin.token }] : []),
];

test('fields.customers_list.strict_no_hash', async ({ admin, check, state }) => {
  const res = await admin.get('/admin/customers?limit=100');
  const page = await check.json(res, 200, AdminCustomersStrict);
  const leaks = leaksIn(await res.text(), secretsOf(state));
  check.that(leaks.length === 0, `GET /admin/customers carries ${leaks.join(', ')}`);
  check.that(page.customers.length > 0, 'GET /admin/customers lists no customer, yet the run signed one up');
  check.detail(
    `${page.customers.length} of ${page.total} customers: id, email, billing_plan, created_at only; no hash`,
  );
});

test('fields.customer_detail.strict_no_hash', async ({ admin, check, state, tenant }) => {
  const res = await admin.get(`/admin/customers/${encodeURIComponent(tenant.id)}`);
  const c = await check.json(res, 200, AdminCustomerStrict);
  const leaks = leaksIn(await res.text(), secretsOf(state));
  check.that(leaks.length === 0, `GET /admin/customers/:id carries ${leaks.join(', ')}`);
  check.that(
    c.id === tenant.id && c.email === tenant.email,
    `detail of #${c.id}, asked for the tenant #${tenant.id}`,
  );
  check.detail(
    `tenant #${c.id}: the 11 named fields only (plan ${c.billing_plan}, ${c.api_key_count} key(s)), no hash`,
  );
});
