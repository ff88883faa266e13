// POST /webhooks/stripe on both dialects: only a correctly signed, fresh event changes billing,
// and the same event id is applied once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Stripe from 'stripe';
import { call, FLAVORS, startService, type RunningService } from '../lib/service.js';

const eventId = () => `evt_test_${crypto.randomBytes(8).toString('hex')}`;

function subscriptionEvent(
  type: string,
  customerId: string,
  opts: { lookupKey?: string; status?: string; id?: string; metadataPlan?: string } = {},
) {
  return {
    id: opts.id ?? eventId(),
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `sub_${crypto.randomBytes(6).toString('hex')}`,
        object: 'subscription',
        customer: `cus_${customerId.slice(0, 8)}`,
        status: opts.status ?? 'active',
        metadata: {
          engram_customer_id: customerId,
          ...(opts.metadataPlan ? { plan: opts.metadataPlan } : {}),
        },
        items: {
          object: 'list',
          data: [{ price: { id: 'price_1', lookup_key: opts.lookupKey ?? 'pro_monthly' } }],
        },
      },
    },
  };
}

for (const flavor of FLAVORS) {
  describe(`stripe webhooks on ${flavor}`, () => {
    let svc: RunningService;
    let hook: string;
    before(async () => {
      svc = await startService(flavor);
      hook = `${svc.adminUrl}/webhooks/stripe`;
    });
    after(async () => {
      await svc?.stop();
    });

    async function tenant() {
      const email = `hook-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@example.test`;
      const r = await call(`${svc.adminUrl}/auth/signup`, { body: { email, password: 'webhook-password' } });
      assert.equal(r.status, 201, r.text);
      return { id: r.body.customer.id as string, token: r.body.token as string };
    }
    const plan = async (token: string) => (await call(`${svc.adminUrl}/account/billing`, { token })).body;
    const send = (payload: string, header?: string) =>
      call(hook, {
        method: 'POST',
        raw: payload,
        headers: { 'content-type': 'application/json', ...(header ? { 'stripe-signature': header } : {}) },
      });
    const sign = (payload: string, secret = svc.webhookSecret, timestamp = Math.floor(Date.now() / 1000)) =>
      Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

    test('a signed subscription.created changes billing_plan and status', async () => {
      const t = await tenant();
      assert.equal((await plan(t.token)).billing_plan, 'free');
      const payload = JSON.stringify(
        subscriptionEvent('customer.subscription.created', t.id, {
          lookupKey: 'pro_monthly',
          status: 'trialing',
        }),
      );
      const r = await send(payload, sign(payload));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.received, true);
      assert.equal(r.body.applied, true);
      const b = await plan(t.token);
      assert.equal(b.billing_plan, 'pro');
      assert.equal(b.status, 'trialing');
    });

    test('updated moves the plan (metadata.plan wins), deleted falls back to free', async () => {
      const t = await tenant();
      const up = JSON.stringify(
        subscriptionEvent('customer.subscription.updated', t.id, {
          lookupKey: 'pro_monthly',
          metadataPlan: 'team',
        }),
      );
      assert.equal((await send(up, sign(up))).status, 200);
      assert.equal((await plan(t.token)).billing_plan, 'team');
      const del = JSON.stringify(
        subscriptionEvent('customer.subscription.deleted', t.id, { status: 'canceled' }),
      );
      const r = await send(del, sign(del));
      assert.equal(r.status, 200, r.text);
      const b = await plan(t.token);
      assert.equal(b.billing_plan, 'free');
      assert.equal(b.status, 'canceled');
      // The admin view reads the same row.
      const admin = await call(`${svc.adminUrl}/auth/login`, {
        body: { email: svc.adminEmail, password: svc.adminPassword },
      });
      const d = await call(`${svc.adminUrl}/admin/customers/${t.id}`, { token: admin.body.token });
      assert.equal(d.body.billing_plan, 'free');
    });

    test('missing, malformed, wrong-secret, stale, future or body-tampered signatures: 400 and nothing applied', async () => {
      const t = await tenant();
      const payload = JSON.stringify(
        subscriptionEvent('customer.subscription.created', t.id, { lookupKey: 'team' }),
      );
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, string | undefined, string?][] = [
        ['missing', undefined],
        ['malformed', 'this-is-not-a-signature'],
        ['empty v1', `t=${now},v1=`],
        ['wrong secret', sign(payload, 'whsec_someone_else')],
        ['stale (301 s)', sign(payload, svc.webhookSecret, now - 301)],
        ['future (+600 s)', sign(payload, svc.webhookSecret, now + 600)],
        ['tampered body', sign(payload), payload.replace('"team"', '"pro"')],
        ['re-serialized body', sign(payload), JSON.stringify(JSON.parse(payload), null, 2)],
      ];
      for (const [label, header, body] of cases) {
        const r = await send(body ?? payload, header);
        assert.equal(r.status, 400, `${label}: ${r.text}`);
        assert.equal(r.body.error.code, 'invalid_signature', label);
      }
      const b = await plan(t.token);
      assert.equal(b.billing_plan, 'free', 'no rejected delivery changed the plan');
      assert.equal(b.status, 'active');
    });

    test('the same event id delivered twice is applied once', async () => {
      const t = await tenant();
      const first = subscriptionEvent('customer.subscription.created', t.id, { lookupKey: 'pro' });
      const p1 = JSON.stringify(first);
      const r1 = await send(p1, sign(p1));
      assert.equal(r1.body.applied, true);
      // Change the plan by another event, then replay the first: it must not win back.
      const p2 = JSON.stringify(
        subscriptionEvent('customer.subscription.updated', t.id, { lookupKey: 'team' }),
      );
      assert.equal((await send(p2, sign(p2))).body.applied, true);
      const replay = await send(p1, sign(p1));
      assert.equal(replay.status, 200, replay.text);
      assert.deepEqual(
        { received: replay.body.received, duplicate: replay.body.duplicate },
        { received: true, duplicate: true },
      );
      assert.equal((await plan(t.token)).billing_plan, 'team');
    });

    test('concurrent deliveries of one event id: exactly one applies', async () => {
      const t = await tenant();
      const p = JSON.stringify(
        subscriptionEvent('customer.subscription.created', t.id, { lookupKey: 'team' }),
      );
      const results = await Promise.all(Array.from({ length: 5 }, () => send(p, sign(p))));
      assert.ok(
        results.every((r) => r.status === 200),
        results.map((r) => r.text).join('\n'),
      );
      assert.equal(results.filter((r) => r.body.applied).length, 1);
      assert.equal(results.filter((r) => r.body.duplicate).length, 4);
    });

    test('unknown event types, unknown plans and unknown tenants are acknowledged and ignored', async () => {
      const t = await tenant();
      const other = JSON.stringify({
        id: eventId(),
        object: 'event',
        type: 'invoice.paid',
        data: { object: { id: 'in_1' } },
      });
      const r = await send(other, sign(other));
      assert.equal(r.status, 200);
      assert.deepEqual(
        { received: r.body.received, ignored: r.body.ignored },
        { received: true, ignored: true },
      );
      const weird = JSON.stringify(
        subscriptionEvent('customer.subscription.updated', t.id, { lookupKey: 'platinum' }),
      );
      const w = await send(weird, sign(weird));
      assert.equal(w.status, 200);
      assert.equal(w.body.ignored, true);
      const ghost = JSON.stringify(
        subscriptionEvent('customer.subscription.updated', crypto.randomUUID(), { lookupKey: 'pro' }),
      );
      const g = await send(ghost, sign(ghost));
      assert.equal(g.status, 200);
      assert.equal(g.body.ignored, true);
      assert.equal((await plan(t.token)).billing_plan, 'free');
    });

    test('a signed body that is not JSON is 400, GET is 405 with Allow: POST', async () => {
      const junk = 'not json at all';
      const r = await send(junk, sign(junk));
      assert.equal(r.status, 400);
      assert.equal(r.body.error.code, 'invalid_json');
      const g = await call(hook);
      assert.equal(g.status, 405);
      assert.equal(g.headers.get('allow'), 'POST');
    });
  });
}
