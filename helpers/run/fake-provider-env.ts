/**
 * Local mode without SMOKE_BYOK_KEY: the reference service is booted beside the project's own
 * loopback fake provider (scripts/lib/fake-provider.ts, started by scripts/serve-fresh.ts), so
 * BYOK validate and provider composing run in the default `npm run smoke`. This picks the key
 * (once: workers inherit the runner's env) before the env is parsed; serve-fresh publishes the
 * provider's base URL as SMOKE_FAKE_PROVIDER_URL through the webServer's ready line (`none` when it
 * started none: Playwright sets every named group, and an unmatched one would become "undefined").
 */
import { randomBytes } from 'node:crypto';

export const FAKE_PROVIDER_FLAG = 'SMOKE_FAKE_PROVIDER';

/** Sets SMOKE_BYOK_KEY to a fresh fake key in local mode when none is given; true when it did (or had). */
export function useLocalFakeProvider(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[FAKE_PROVIDER_FLAG] === '1') return true;
  const remote = Boolean(env.SMOKE_ADMIN_URL?.trim());
  if (remote || env.SMOKE_BYOK_KEY?.trim()) return false;
  env.SMOKE_BYOK_KEY = `sk-fake-${randomBytes(16).toString('hex')}`;
  env[FAKE_PROVIDER_FLAG] = '1';
  return true;
}

/** The webServer's ready line, with the fake provider's URL (or `none`) captured into SMOKE_FAKE_PROVIDER_URL. */
export const READY_LINE =
  /engram fake provider base_url=(?<smoke_fake_provider_url>\S+)[\s\S]*?engram ready admin=\S+ mcp=\S+ router=\S+/;
