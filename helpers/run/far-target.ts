/**
 * Is a remote target far enough that the run waits on round trips rather than on this machine's
 * cores? Decided while the config loads, before any worker starts, by timing one request on a
 * warm connection. A Playwright config cannot await, so a child Node makes the two requests.
 * Global setup measures the RTT again, from every app, for the timeouts (helpers/run/preflight.ts).
 */
import { execFileSync } from 'node:child_process';

/** From here on the wide layout wins (npm run bench -- --rtt: narrow at 100 ms, wide at 300 ms). */
export const FAR_RTT_MS = 150;

// The first request opens the connection; the second, on the same one (one socket, kept
// alive), is a round trip. (fetch may open a second connection for a request sent right after
// the first, which would count the handshake too.)
const PROBE = `
const url = new URL(process.argv[1]);
const lib = require(url.protocol === 'https:' ? 'node:https' : 'node:http');
const agent = new lib.Agent({ keepAlive: true, maxSockets: 1 });
const get = () => new Promise((resolve, reject) =>
  lib.get(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
get().then(async () => {
  const t0 = performance.now();
  await get();
  process.stdout.write(String(Math.round(performance.now() - t0)));
  agent.destroy();
}).catch(() => process.exit(1));`;

/** The RTT to `url` in ms, or null when it does not answer within `timeoutMs`. */
export function probeRttSync(url: string, timeoutMs = 2500): number | null {
  try {
    const out = execFileSync(process.execPath, ['-e', PROBE, url], {
      timeout: timeoutMs,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const ms = Number(out);
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}
