// Dead targets: the smoke must end, report every check and attempt cleanup, whatever the target
// does. A blackhole (accepts connections, never answers) must end within the 60 s ceiling with
// every check err or not-run and a message saying where it was; a target answering 500
// everywhere is RED within 15 s naming the cause, every check not run, and teardown is attempted
// and reported; with the target down, smoke_local.sh stops before any check with the start command.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { freePort } from '../../scripts/lib/throwaway-postgres.js';
import { startSmoke, ROOT } from '../lib/smoke-process.js';

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );

function targetAt(port: number) {
  const base = `http://127.0.0.1:${port}`;
  return {
    adminUrl: base,
    mcpUrl: `${base}/mcp`,
    routerUrl: base,
    adminEmail: 'admin@engram.test',
    adminPassword: 'dead-target-pw',
    webhookSecret: 'whsec_dead_target',
  };
}

describe('dead targets', () => {
  test(
    'blackhole: ends within the ceiling, every check reported not run, saying why',
    { timeout: 120_000 },
    async () => {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((s) => {
        sockets.add(s);
        s.on('error', () => {});
      });
      const port = await listen(server);
      const smoke = startSmoke(targetAt(port));
      try {
        const exit = await smoke.exited;
        const out = smoke.output();
        // The 60 s ceiling plus process start and shutdown.
        assert.ok(exit.ms < 70_000, `took ${exit.ms} ms against a blackhole`);
        assert.notEqual(exit.code, 0, 'a run against a blackhole must not be green');
        assert.match(
          out,
          /target unreachable: admin http:\/\/127\.0\.0\.1:\d+\/health \(no answer within 3 s\)/,
          'no message naming the unreachable app',
        );
        const results = smoke.results();
        assert.ok(results, `no results JSON:\n${out.slice(-1500)}`);
        assert.ok(results.checks.length >= 110, `only ${results.checks.length} checks reported`);
        const ok = results.checks.filter((c) => c.outcome === 'ok').map((c) => `${c.group}.${c.name}`);
        assert.deepEqual(ok, [], 'checks reported ok against a blackhole');
        const unexplained = results.checks.filter((c) => c.outcome !== 'err' && !/^not run: /.test(c.detail));
        assert.deepEqual(
          unexplained.map((c) => `${c.group}.${c.name}: ${c.detail}`),
          [],
          'checks neither err nor not-run with a reason',
        );
      } finally {
        for (const s of sockets) s.destroy();
        server.close();
      }
    },
  );

  test(
    '500 everywhere: RED within 15 s naming the cause, every check not run saying why, teardown reported',
    { timeout: 120_000 },
    async () => {
      const server = http.createServer((req, res) => {
        req.resume();
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":{"code":"server_error","message":"boom"}}');
      });
      const port = await listen(server);
      const smoke = startSmoke(targetAt(port));
      try {
        const exit = await smoke.exited;
        const out = smoke.output();
        assert.notEqual(exit.code, 0);
        // The preflight sees 5xx on every app's /health and on the public /auth/config and /pricing:
        // nothing can be provisioned or checked, so no check runs (each would cost a worker restart).
        assert.ok(exit.ms < 15_000, `took ${exit.ms} ms against a 500-everywhere target`);
        assert.match(
          out,
          /RED: target answers 5xx everywhere: GET http:\/\/127\.0\.0\.1:\d+\/health 500, .*GET http:\/\/127\.0\.0\.1:\d+\/auth\/config 500/,
        );
        assert.doesNotMatch(
          out,
          /Error: .*\n\s+at .*(helpers|global-(setup|teardown))/,
          'a harness stack trace was printed',
        );
        const results = smoke.results();
        assert.ok(results, `no results JSON:\n${out.slice(-1500)}`);
        assert.ok(results.checks.length >= 110, `only ${results.checks.length} checks reported`);
        const unexplained = results.checks.filter(
          (c) => !/^not run: target answers 5xx everywhere: .*\b500\b/.test(c.detail),
        );
        assert.deepEqual(
          unexplained.map((c) => `${c.group}.${c.name}: ${c.outcome} ${c.detail}`),
          [],
          'checks not reported "not run" with the 500 they would meet',
        );
        assert.match(out, /teardown[^\n]*: \d+ undone, \d+ failed/, 'teardown did not report');
      } finally {
        server.close();
      }
    },
  );

  test('smoke_local.sh with the target down: exits before any check with the start command', async () => {
    const [a, m, r] = [await freePort(), await freePort(), await freePort()];
    const run = spawnSync('bash', ['scripts/smoke_local.sh'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ADMIN_PORT: String(a),
        MCP_PORT: String(m),
        ROUTER_PORT: String(r),
        SMOKE_ADMIN_URL: '',
        SMOKE_MCP_URL: '',
        SMOKE_ROUTER_URL: '',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr + run.stdout, /npm run service/);
    assert.doesNotMatch(run.stdout, /^\[(ok |err|skip)/m, 'a check ran although the target is down');
  });
});
