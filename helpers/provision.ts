/**
 * The steps global setup runs, over plain fetch (never recorded by Playwright). Each create
 * registers its undo in the ledger before anything can depend on it.
 */
import { randomBytes } from 'node:crypto';
import type { SmokeEnv } from './env.js';
import { describeFailure, http } from './http.js';
import { registerUndo } from './ledger.js';
import type { RunState } from './run-state.js';
import { rememberSecret } from './secrets.js';

const SETUP = 'global-setup';

export class ProvisionError extends Error {}

/** smoke-<epoch ms>-<8 hex>@engram-smoke.test: the reaper's pattern. */
export const smokeEmail = (): string => `smoke-${Date.now()}-${randomBytes(4).toString('hex')}@engram-smoke.test`;

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

export async function signupTenant(env: SmokeEnv): Promise<NonNullable<RunState['tenant']>> {
  const email = smokeEmail();
  // base64url: no characters that change under JSON/URL encoding, so redaction sees one form.
  const password = `Sm0ke-${randomBytes(18).toString('base64url')}`;
  rememberSecret(password);
  const res = await http(`${env.urls.admin}/auth/signup`, { json: { email, password, name: 'Engram smoke' } });
  if (res.status !== 201) throw new ProvisionError(`POST /auth/signup: expected 201, got ${describeFailure(res)}`);
  const token = str(res.json, 'POST /auth/signup', 'token');
  rememberSecret(token);
  registerUndo({ kind: 'session', id: 'tenant', surface: 'admin', created_by: SETUP, secret: token, credential: true });
  return { id: str(res.json, 'POST /auth/signup', 'customer', 'id'), email, password, session_token: token };
}

export async function mintApiKey(env: SmokeEnv, session: string): Promise<NonNullable<RunState['api_key']>> {
  const res = await http(`${env.urls.admin}/account/api-keys`, { bearer: session, json: { name: 'smoke' } });
  if (res.status !== 201) throw new ProvisionError(`POST /account/api-keys: expected 201, got ${describeFailure(res)}`);
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
    json: { name, provider: 'openai', api_key: apiKey, model: 'gpt-4o-mini', ...(env.byokBaseUrl ? { base_url: env.byokBaseUrl } : {}) },
  });
  if (res.status !== 201) throw new ProvisionError(`POST /account/byok: expected 201, got ${describeFailure(res)}`);
  const id = str(res.json, 'POST /account/byok', 'id');
  registerUndo({ kind: 'byok', id, surface: 'admin', created_by: SETUP });
  return { id, name, real_key: Boolean(env.byokKey) };
}

/** Admin login over fetch: the admin password must never reach a Playwright-recorded channel. */
export async function adminLogin(env: SmokeEnv): Promise<Pick<RunState, 'admin' | 'admin_skip_reason'>> {
  if (!env.adminEmail) return { admin: null, admin_skip_reason: 'skipped: no admin email (SMOKE_ADMIN_EMAIL)' };
  if (!env.adminPassword) return { admin: null, admin_skip_reason: 'skipped: no admin password' };
  const res = await http(`${env.urls.admin}/auth/login`, { json: { email: env.adminEmail, password: env.adminPassword } });
  if (res.status !== 200) return { admin: null, admin_skip_reason: `admin login failed: POST /auth/login ${describeFailure(res)}` };
  const token = str(res.json, 'POST /auth/login', 'token');
  rememberSecret(token);
  registerUndo({ kind: 'session', id: 'admin', surface: 'admin', created_by: SETUP, secret: token });
  return { admin: { email: env.adminEmail, token }, admin_skip_reason: null };
}
