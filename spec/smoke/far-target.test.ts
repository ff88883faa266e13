// The config's layout probe times one round trip, not a handshake: behind the latency proxy at
// 200 ms it reads about 200 (a second connection would read 400), and a dead port reads null.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { probeRttSync } from '../../helpers/run/far-target.js';
import { ROOT } from '../../helpers/run/paths.js';
import { freePort } from '../../scripts/lib/throwaway-postgres.js';

const RTT = 200;
// In a process of its own: the probe blocks this one while it waits.
const TARGET = `
import http from 'node:http';
import { startLatencyProxy } from './scripts/lib/latency-proxy.ts';
const server = http.createServer((_req, res) => res.end('{"status":"ok"}'));
server.listen(0, '127.0.0.1', async () => {
  const proxy = await startLatencyProxy({ target: server.address().port, rttMs: ${RTT} });
  console.log(proxy.url);
});`;
let child: ChildProcess;
let url = '';

before(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', TARGET], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  url = line.toString().trim();
});
after(() => {
  child.kill();
});

test('one round trip on a kept-alive connection', () => {
  const ms = probeRttSync(`${url}/health`);
  assert.ok(ms !== null && ms >= RTT && ms < 1.5 * RTT, `probe read ${ms} ms at ${RTT} ms RTT`);
});

test('nothing listening: null, within the probe timeout', async () => {
  const t0 = performance.now();
  assert.equal(probeRttSync(`http://127.0.0.1:${await freePort()}/health`), null);
  assert.ok(performance.now() - t0 < 3000);
});
