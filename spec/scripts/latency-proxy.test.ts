// The bench's latency proxy: a new connection costs one RTT (handshake) and each exchange one
// more; bytes pass unchanged and in order; request turns and connections are counted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startLatencyProxy, type LatencyProxy } from '../../scripts/lib/latency-proxy.js';

let echo: net.Server;
let proxy: LatencyProxy;
const RTT = 120;

before(async () => {
  echo = net.createServer((s) => s.on('data', (d) => s.write(d)));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await startLatencyProxy({ target: (echo.address() as net.AddressInfo).port, rttMs: RTT });
});
after(async () => {
  await proxy.close();
  echo.close();
});

test('one RTT to connect, one per exchange, bytes intact and in order', async () => {
  const t0 = performance.now();
  const sock = net.connect(proxy.port, '127.0.0.1');
  const exchange = (msg: string) =>
    new Promise<string>((resolve) => {
      let got = '';
      const onData = (d: Buffer) => {
        got += d.toString();
        if (got.length >= msg.length) {
          sock.off('data', onData);
          resolve(got);
        }
      };
      sock.on('data', onData);
      sock.write(msg);
    });
  assert.equal(await exchange('first'), 'first');
  const first = performance.now() - t0;
  const t1 = performance.now();
  assert.equal(await exchange('0123456789'.repeat(1000)), '0123456789'.repeat(1000));
  const second = performance.now() - t1;
  sock.destroy();
  assert.ok(
    first >= 2 * RTT - 5 && first < 2 * RTT + 150,
    `new connection + exchange took ${first.toFixed(0)} ms`,
  );
  assert.ok(
    second >= RTT - 5 && second < RTT + 150,
    `exchange on an open connection took ${second.toFixed(0)} ms`,
  );
  assert.deepEqual(proxy.stats, { connections: 1, turns: 2 });
});
