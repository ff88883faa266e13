// Cleanup survives interruption: the smoke is started against a running service (remote mode,
// so the service outlives it), interrupted with SIGINT and, separately, SIGTERM during setup,
// mid-run and during the OAuth browser flow; then the DATABASE proves the smoke tenants hold no
// live API key, no BYOK config, no memory and no live OAuth token, and the reaper's dry run
// lists every one of them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { startService, type RunningService } from '../lib/service.js';
import { startSmoke, ROOT } from '../lib/smoke-process.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engram-interrupt-'));
const dbFile = path.join(dir, 'engram.sqlite');

interface Leftovers {
  email: string;
  keys: number;
  byok: number;
  memories: number;
  tokens: number;
}

function leftovers(since: string): Leftovers[] {
  const db = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select c.email,
          (select count(*) from api_keys k where k.customer_id = c.id and k.revoked_at is null) as keys,
          (select count(*) from byok_configs b where b.customer_id = c.id) as byok,
          (select count(*) from memories m where m.customer_id = c.id) as memories,
          (select count(*) from oauth_tokens t where t.customer_id = c.id and t.revoked_at is null and t.expires_at > ?) as tokens
         from customers c where c.email like 'smoke-%@engram-smoke.test' and c.created_at >= ?`,
      )
      .all(new Date().toISOString(), since) as Leftovers[];
  } finally {
    db.close();
  }
}

function reaperDryRun(): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/reap.ts', '--dry-run'], {
    cwd: ROOT,
    env: { ...process.env, SQLITE_PATH: dbFile, DATABASE_URL: '' },
    encoding: 'utf8',
  });
}

const ledgerHasEntries = (artifacts: string) => {
  const f = path.join(artifacts, 'reports', '.run', 'ledger.jsonl');
  return fs.existsSync(f) && fs.readFileSync(f, 'utf8').trim().length > 0;
};

async function until(cond: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type Point = 'setup' | 'mid-run' | 'oauth browser flow';
const POINTS: {
  point: Point;
  args: string[];
  trigger: (s: ReturnType<typeof startSmoke>) => Promise<void>;
}[] = [
  {
    point: 'setup',
    args: [],
    trigger: (s) => until(() => ledgerHasEntries(s.artifacts), 30_000, 'the first ledger entry'),
  },
  { point: 'mid-run', args: [], trigger: (s) => s.waitFor(/(^\[(ok |err)\].*\n){15}/m, 45_000) },
  {
    point: 'oauth browser flow',
    args: ['--project=oauth'],
    trigger: (s) => s.waitFor(/^\[(ok |err)\]\s+oauth\./m, 45_000),
  },
];

describe('interrupting the smoke leaves nothing live', () => {
  let svc: RunningService;
  before(async () => {
    svc = await startService('sqlite', { FRESH_SQLITE_PATH: dbFile });
  });
  after(async () => {
    await svc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const { point, args, trigger } of POINTS) {
      test(`${signal} during ${point}`, async () => {
        const since = new Date(Date.now() - 1000).toISOString();
        const smoke = startSmoke(svc, args);
        try {
          await trigger(smoke);
          smoke.child.kill(signal);
          const exit = await Promise.race([
            smoke.exited,
            new Promise<null>((r) => setTimeout(() => r(null), 40_000)),
          ]);
          assert.ok(exit, `the smoke did not stop within 40 s of ${signal}:\n${smoke.output().slice(-1500)}`);
          const out = smoke.output();
          assert.match(
            out,
            /teardown: \d+ undone, 0 failed/,
            `no clean teardown summary after ${signal}:\n${out.slice(-1500)}`,
          );
          const tenants = leftovers(since);
          assert.ok(tenants.length >= 1, 'no smoke tenant was created before the interrupt');
          for (const t of tenants) {
            assert.deepEqual(
              { keys: t.keys, byok: t.byok, memories: t.memories, tokens: t.tokens },
              { keys: 0, byok: 0, memories: 0, tokens: 0 },
              `${t.email} left live resources after ${signal} during ${point}`,
            );
          }
          const dry = reaperDryRun();
          for (const t of tenants)
            assert.ok(dry.includes(t.email), `reaper dry run does not list ${t.email}:\n${dry}`);
        } finally {
          if (smoke.child.exitCode === null) smoke.child.kill('SIGKILL');
          fs.rmSync(smoke.artifacts, { recursive: true, force: true });
        }
      });
    }
  }
});
