/**
 * Before provisioning: can the target be reached, does it answer anything but 5xx, and how far
 * away is it? Round 1 asks every app's /health (any HTTP answer counts as reachable; a refused
 * connection or no answer within 3 s does not). Round 2 asks again on the now-open connections,
 * plus the admin app's public /auth/config and /pricing: the fastest of those answers is the
 * round-trip time. When the admin app is unreachable, or every answer of both rounds is a 5xx,
 * nothing can be provisioned or checked, and ~200 checks that would each fail (and cost a worker
 * restart) would burn the whole ceiling saying less than this does.
 */
import type { SmokeEnv } from './env.js';

export const PREFLIGHT_TIMEOUT_MS = 3000;

export interface Unreachable {
  app: string;
  url: string;
  why: string;
}

export interface Preflight {
  down: Unreachable[];
  /** The fastest round-2 answer (ms), or null when nothing answered twice. */
  rttMs: number | null;
  /** "GET <url> <status>, ..." when every answer was a 5xx; null otherwise. */
  failingEverywhere: string | null;
}

type App = keyof SmokeEnv['urls'];
type Probe = { app: App; url: string; status: number | null; ms: number; why?: string };

async function probe(app: App, url: string): Promise<Probe> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS), redirect: 'manual' });
    await res.arrayBuffer(); // read to the end: the connection stays open for round 2
    return { app, url, status: res.status, ms: performance.now() - t0 };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${PREFLIGHT_TIMEOUT_MS / 1000} s`
        : (err.cause?.code ?? err.message);
    return { app, url, status: null, ms: performance.now() - t0, why };
  }
}

export async function preflight(urls: SmokeEnv['urls']): Promise<Preflight> {
  const apps = ['admin', 'mcp', 'router'] as const;
  const first = await Promise.all(apps.map((app) => probe(app, `${urls[app]}/health`)));
  const down = first
    .filter((p) => p.status === null)
    .map((p) => ({ app: p.app, url: p.url, why: p.why ?? 'no answer' }));
  const up = first.filter((p) => p.status !== null);
  if (!up.length) return { down, rttMs: null, failingEverywhere: null };
  const second = await Promise.all([
    ...up.map((p) => probe(p.app, p.url)),
    ...(up.some((p) => p.app === 'admin')
      ? [probe('admin', `${urls.admin}/auth/config`), probe('admin', `${urls.admin}/pricing`)]
      : []),
  ]);
  const answered = second.filter((p) => p.status !== null);
  const rttMs = answered.length ? Math.round(Math.min(...answered.map((p) => p.ms))) : null;
  const all = [...up, ...answered];
  const failing = all.every((p) => p.status! >= 500);
  const seen = [...new Map(all.map((p) => [p.url, `GET ${p.url} ${p.status}`])).values()];
  return { down, rttMs, failingEverywhere: failing ? seen.join(', ') : null };
}
