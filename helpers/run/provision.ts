/**
 * The steps global setup runs, over plain fetch (never recorded by Playwright). Each create
 * registers its undo in the ledger before anything can depend on it.
 */
import { randomBytes } from 'node:crypto';
import type { Credentials, SmokeEnv } from './env.js';
import { describeFailure, http } from '../protocol/http.js';
import { registerUndo } from './ledger.js';
import type { RunState, Tenant } from './run-state.js';
import { rememberSecret } from '../redact/secrets.js';
import { recordSignup } from './signups.js';

const SETUP = 'global-setup';

export class ProvisionError extends Error {}

/** smoke-<epoch ms>-<8 hex>@engram-smoke.test: the reaper's pattern. */
export const smokeEmail = (): string =>
  `smoke-${Date.now()}-${randomBytes(4).toString('hex')}@engram-smoke.test`;

function field(body: unknown, ...keys: string[]): unknown {
  let v: unknown = body;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function str(body: unknown, what: string, ...keys: string[]): string {
  const v = field(body, ...keys);
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number') return String(v);
  throw new ProvisionError(`${what}: response has no ${keys.join('.')}`);
}

/**
 * A random base64url password (one form under JSON/URL encoding, so redaction sees one form)
 * holding upper, lower, digit and symbol, so any sane character rule takes it. `length` is exact:
 * the second tenant's is cut to the published minimum (auth_config.password.min_length_is_enforced).
 */
export function smokePassword(length = 30): string {
  for (;;) {
    const p = randomBytes(length).toString('base64url').slice(0, length);
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p) && /[-_]/.test(p)) {
      rememberSecret(p);
      return p;
    }
  }
}

/** GET /auth/config's password.min_length, or null when the target does not publish one. */
export async function passwordMinLength(env: SmokeEnv): Promise<number | null> {
  const res = await http(`${env.urls.admin}/auth/config`);
  const min = field(res.json, 'password', 'min_length');
  return res.status === 200 && typeof min === 'number' && Number.isInteger(min) && min > 0 ? min : null;
}

export type Who = 'tenant' | 'foreign';
const NAMES: Record<Who, string> = { tenant: 'Engram smoke', foreign: 'Engram smoke second tenant' };

/**
 * POST /auth/signup for the run's tenant or its second tenant: one of the (at most) two accounts
 * a run creates. The session is ledgered (logout at teardown, last: teardown uses it).
 */
export async function signupTenant(
  env: SmokeEnv,
  who: Who = 'tenant',
  minLength: number | null = null,
): Promise<Tenant> {
  const email = smokeEmail();
  const what = `${who === 'tenant' ? '' : 'second tenant '}POST /auth/signup`;
  // 30 characters; the second tenant's exactly the published minimum (8 at least: a real account).
  const password = smokePassword(minLength !== null && minLength >= 8 ? minLength : 30);
  const res = await http(`${env.urls.admin}/auth/signup`, { json: { email, password, name: NAMES[who] } });
  if (res.status === 201) recordSignup(`global-setup:${who}`);
  const token = field(res.json, 'token');
  if (typeof token === 'string') rememberSecret(token);
  if (res.status !== 201) throw new ProvisionError(`${what}: expected 201, got ${describeFailure(res)}`);
  const session = str(res.json, what, 'token');
  registerUndo({
    kind: 'session',
    id: who,
    surface: 'admin',
    created_by: SETUP,
    secret: session,
    credential: true,
  });
  return {
    id: str(res.json, what, 'customer', 'id'),
    email,
    password,
    session_token: session,
    signup: {
      status: res.status,
      password_length: password.length,
      min_length: minLength,
      customer: field(res.json, 'customer'),
    },
  };
}

/**
 * A standing account (SMOKE_TENANT_* / SMOKE_FOREIGN_*): logged in, never signed up. Its memory
 * counts are recorded so teardown can tell what this run left behind from what was there.
 */
export async function loginTenant(env: SmokeEnv, who: Who, creds: Credentials): Promise<Tenant> {
  const res = await http(`${env.urls.admin}/auth/login`, { json: creds });
  if (res.status !== 200)
    throw new ProvisionError(
      `standing ${who} account POST /auth/login: expected 200, got ${describeFailure(res)}`,
    );
  const token = str(res.json, `${who} POST /auth/login`, 'token');
  rememberSecret(token);
  registerUndo({
    kind: 'session',
    id: who,
    surface: 'admin',
    created_by: SETUP,
    secret: token,
    credential: true,
  });
  const [profile, buckets, sessions, settings] = await Promise.all([
    http(`${env.urls.admin}/account/profile`, { bearer: token }),
    http(`${env.urls.router}/router/buckets`, { bearer: token }),
    http(`${env.urls.admin}/account/sessions`, { bearer: token }),
    http(`${env.urls.admin}/account/settings`, { bearer: token }),
  ]);
  if (profile.status !== 200)
    throw new ProvisionError(
      `standing ${who} account GET /account/profile: expected 200, got ${describeFailure(profile)}`,
    );
  const list = field(buckets.json, 'buckets');
  if (buckets.status !== 200 || !Array.isArray(list))
    throw new ProvisionError(
      `standing ${who} account GET /router/buckets: expected 200, got ${describeFailure(buckets)}`,
    );
  const baseline = Object.fromEntries(
    (list as Array<{ name: string; memory_count: number }>).map((b) => [b.name, b.memory_count]),
  );
  const held = field(sessions.json, 'sessions');
  if (sessions.status !== 200 || !Array.isArray(held))
    throw new ProvisionError(
      `standing ${who} account GET /account/sessions: expected 200, got ${describeFailure(sessions)}`,
    );
  return {
    id: str(profile.json, `${who} GET /account/profile`, 'id'),
    ...creds,
    session_token: token,
    baseline_memories: baseline,
    // Not the one just opened: it is ledgered (logged out last).
    baseline_sessions: (held as Array<{ id: unknown; current?: unknown }>)
      .filter((s) => s.current !== true)
      .map((s) => String(s.id)),
    baseline_settings:
      settings.status === 200 ? (field(settings.json, 'settings') as Record<string, unknown>) : undefined,
  };
}

export async function mintApiKey(env: SmokeEnv, session: string): Promise<NonNullable<RunState['api_key']>> {
  const res = await http(`${env.urls.admin}/account/api-keys`, { bearer: session, json: { name: 'smoke' } });
  if (res.status !== 201)
    throw new ProvisionError(`POST /account/api-keys: expected 201, got ${describeFailure(res)}`);
  const key = str(res.json, 'POST /account/api-keys', 'key');
  rememberSecret(key);
  const id = str(res.json, 'POST /account/api-keys', 'id');
  registerUndo({ kind: 'api_key', id, surface: 'admin', created_by: SETUP, credential: true });
  return { id, key, prefix: String(field(res.json, 'prefix') ?? '') };
}

export async function createByok(env: SmokeEnv, session: string): Promise<NonNullable<RunState['byok']>> {
  // Without a real key a dummy one: create never contacts the provider.
  const apiKey = env.byokKey ?? `sk-smoke-${randomBytes(16).toString('hex')}`;
  rememberSecret(apiKey);
  const name = 'smoke-primary';
  const res = await http(`${env.urls.admin}/account/byok`, {
    bearer: session,
    json: {
      name,
      provider: 'openai',
      api_key: apiKey,
      model: 'gpt-4o-mini',
      ...(env.byokBaseUrl ? { base_url: env.byokBaseUrl } : {}),
    },
  });
  if (res.status !== 201)
    throw new ProvisionError(`POST /account/byok: expected 201, got ${describeFailure(res)}`);
  const id = str(res.json, 'POST /account/byok', 'id');
  registerUndo({ kind: 'byok', id, surface: 'admin', created_by: SETUP });
  return { id, name, real_key: Boolean(env.byokKey) };
}

/** Admin login over fetch: the admin password must never reach a Playwright-recorded channel. */
export async function adminLogin(env: SmokeEnv): Promise<Pick<RunState, 'admin' | 'admin_skip_reason'>> {
  if (!env.adminEmail)
    return { admin: null, admin_skip_reason: 'skipped: no admin email (SMOKE_ADMIN_EMAIL)' };
  if (!env.adminPassword) return { admin: null, admin_skip_reason: 'skipped: no admin password' };
  const res = await http(`${env.urls.admin}/auth/login`, {
    json: { email: env.adminEmail, password: env.adminPassword },
  });
  if (res.status !== 200)
    return { admin: null, admin_skip_reason: `admin login failed: POST /auth/login ${describeFailure(res)}` };
  const token = str(res.json, 'POST /auth/login', 'token');
  rememberSecret(token);
  registerUndo({ kind: 'session', id: 'admin', surface: 'admin', created_by: SETUP, secret: token });
  return { admin: { email: env.adminEmail, token }, admin_skip_reason: null };
}
