/**
 * Before provisioning: can the target be reached at all? Any HTTP answer counts (a 500 is the
 * checks' business); a refused connection or no answer within 3 s does not. When the admin app
 * is unreachable nothing can be provisioned, and ~200 checks that would each wait out their
 * timeout (and cost a worker restart) would hit the 60 s ceiling saying less than this does.
 */
import type { SmokeEnv } from './env.js';

export const PREFLIGHT_TIMEOUT_MS = 3000;

export interface Unreachable {
  app: string;
  url: string;
  why: string;
}

export async function unreachable(urls: SmokeEnv['urls']): Promise<Unreachable[]> {
  const probes = (['admin', 'mcp', 'router'] as const).map(async (app): Promise<Unreachable | null> => {
    const url = `${urls[app]}/health`;
    try {
      await fetch(url, { signal: AbortSignal.timeout(PREFLIGHT_TIMEOUT_MS), redirect: 'manual' }).then((r) => r.body?.cancel());
      return null;
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${PREFLIGHT_TIMEOUT_MS / 1000} s` : (err.cause?.code ?? err.message);
      return { app, url, why };
    }
  });
  return (await Promise.all(probes)).filter((p): p is Unreachable => p !== null);
}
