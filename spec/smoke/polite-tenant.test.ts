// A run is polite to its target: it signs up at most two accounts (its tenant and one second
// tenant), none with standing accounts, and leaves nothing of its own in a standing account.
// Proven where it cannot be faked: the customers table of the reference service's database,
// counted before and after a full smoke run against it (remote mode, SQLite).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { effectiveSettings } from '../../service/account/settings.js';
import { call, startService, type RunningService } from '../lib/service.js';
import { startSmoke } from '../lib/smoke-process.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-polite-'));
const dbPath = path.join(dir, 'engram.sqlite');
let svc: RunningService;

function one(sql: string, ...args: unknown[]): unknown {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...args) as { n: unknown }).n;
  } finally {
    db.close();
  }
}
const count = (sql: string, ...args: unknown[]): number => Number(one(sql, ...args));
const customers = () => count('SELECT count(*) AS n FROM customers');

/** What a standing account holds that a run could leave behind. */
function holdings(customerId: string): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    // As the API shows them (stored settings merged over the defaults).
    settings: effectiveSettings(
      JSON.parse(String(one('SELECT settings AS n FROM customers WHERE id = ?', customerId))),
    ),
    billing_plan: one('SELECT billing_plan AS n FROM customers WHERE id = ?', customerId),
    live_api_keys: count(
      'SELECT count(*) AS n FROM api_keys WHERE customer_id = ? AND revoked_at IS NULL',
      customerId,
    ),
    byok_configs: count('SELECT count(*) AS n FROM byok_configs WHERE customer_id = ?', customerId),
    memories: count('SELECT count(*) AS n FROM memories WHERE customer_id = ?', customerId),
    live_sessions: count(
      'SELECT count(*) AS n FROM sessions WHERE customer_id = ? AND revoked_at IS NULL AND expires_at > ?',
      customerId,
      now,
    ),
    live_oauth_tokens: count(
      'SELECT count(*) AS n FROM oauth_tokens WHERE customer_id = ? AND revoked_at IS NULL AND expires_at > ?',
      customerId,
      now,
    ),
  };
}

/** A full smoke run against the service; its exit, results and output. */
async function runSmoke(extraEnv: Record<string, string>) {
  const smoke = startSmoke(
    svc,
    // What is counted here is accounts, not time: no ceiling, and loose check timeouts, so a
    // loaded machine cannot turn the proof red (this test's own timeout still bounds the run).
    ['--global-timeout=0', '--timeout=60000'],
    {
      SMOKE_TENANT_EMAIL: '',
      SMOKE_TENANT_PASSWORD: '',
      SMOKE_FOREIGN_EMAIL: '',
      SMOKE_FOREIGN_PASSWORD: '',
      ...extraEnv,
    },
  );
  const exit = await smoke.exited;
  const results = smoke.results();
  fs.rmSync(smoke.artifacts, { recursive: true, force: true });
  const errs = (results?.checks ?? [])
    .filter((c) => c.outcome === 'err')
    .map((c) => `${c.group}.${c.name}: ${c.detail}`);
  return { exit, results, out: `${smoke.output().slice(-2000)}\nerr checks:\n${errs.join('\n')}` };
}

describe('polite tenant', () => {
  before(async () => {
    svc = await startService('sqlite', { FRESH_SQLITE_PATH: dbPath });
  });
  after(async () => {
    await svc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a full run signs up at most 2 accounts, and says how many', { timeout: 420_000 }, async () => {
    const before = customers();
    const { exit, results, out } = await runSmoke({});
    const made = customers() - before;
    assert.equal(exit.code, 0, `the run is not green:\n${out}`);
    assert.ok(made <= 2, `the run made ${made} customers (at most 2 allowed)`);
    assert.ok(made >= 1, `the run made ${made} customers: it did not sign its tenant up`);
    assert.equal(
      results?.run?.signups,
      made,
      `results JSON says ${results?.run?.signups} sign-ups, the database ${made}`,
    );
  });

  test(
    'with standing accounts a run signs up no one and leaves them as it found them',
    { timeout: 420_000 },
    async () => {
      const accounts = await Promise.all(
        ['tenant', 'foreign'].map(async (who) => {
          const email = `standing-${who}-${randomBytes(4).toString('hex')}@engram.test`;
          const password = `Standing-${randomBytes(12).toString('base64url')}`;
          const res = await call(`${svc.adminUrl}/auth/signup`, { body: { email, password } });
          assert.equal(res.status, 201, `standing ${who} sign-up: ${res.status} ${res.text.slice(0, 200)}`);
          return { email, password, id: String(res.body.customer.id) };
        }),
      );
      const [tenant, foreign] = accounts as [(typeof accounts)[0], (typeof accounts)[0]];
      const held = accounts.map((a) => holdings(a.id));
      const before = customers();
      const { exit, results, out } = await runSmoke({
        SMOKE_TENANT_EMAIL: tenant.email,
        SMOKE_TENANT_PASSWORD: tenant.password,
        SMOKE_FOREIGN_EMAIL: foreign.email,
        SMOKE_FOREIGN_PASSWORD: foreign.password,
      });
      assert.equal(exit.code, 0, `the run is not green:\n${out}`);
      assert.equal(customers() - before, 0, 'a standing-account run made customers');
      assert.equal(results?.run?.signups, 0, `results JSON says ${results?.run?.signups} sign-ups`);
      assert.deepEqual(
        accounts.map((a) => holdings(a.id)),
        held,
        'the standing accounts hold more after the run than before',
      );
      const skipped = (results?.checks ?? [])
        .filter((c) => c.outcome === 'skip')
        .map((c) => `${c.group}.${c.name}: ${c.detail}`);
      for (const name of [
        'auth.signup.create.customer_shape_and_live_token',
        'admin.customers.detail_fresh_tenant_counts',
      ])
        assert.ok(
          skipped.some((s) => s.startsWith(`${name}: skipped: `)),
          `${name} did not skip with a reason:\n${skipped.join('\n')}`,
        );
    },
  );
});
