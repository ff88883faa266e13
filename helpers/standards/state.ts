/**
 * What the standards profile hands from global setup and the oauth group to later checks, as
 * small 0600 files in the run dir (deleted at exit): the discovered target, the OAuth client and the
 * tokens. Every secret read or written is
 * remembered for redaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../run/paths.js';
import { rememberSecret } from '../redact/secrets.js';
import type { Target } from './discover.js';
import { tokenFailure, type TokenFailure } from '../run/oauth-state.js';

export interface StdClient {
  client_id: string;
  client_secret?: string;
  redirect_uri: string;
  /** 'registered' (RFC 7591) or 'env' (SMOKE_OAUTH_CLIENT_ID). */
  source: 'registered' | 'env';
}

export interface StdTokens {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

const file = (name: string) => path.join(paths.runDir, `std-${name}.json`);

function write(name: string, value: unknown): void {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const target = file(name);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  fs.renameSync(tmp, target);
}

function read<T>(name: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file(name), 'utf8')) as T;
  } catch {
    return null;
  }
}

export const publishTarget = (t: Target) => write('target', t);
export const readTarget = () => read<Target>('target');

export function publishClient(c: StdClient): void {
  rememberSecret(c.client_secret);
  write('client', c);
}
export function readClient(): StdClient | null {
  const c = read<StdClient>('client');
  rememberSecret(c?.client_secret);
  return c;
}

export function publishTokens(t: StdTokens): void {
  recordMinted(t.refresh_token, 'refresh_token');
  recordMinted(t.access_token, 'access_token');
  write('tokens', t);
}
export function readTokens(): StdTokens | null {
  const t = read<StdTokens>('tokens');
  rememberSecret(t?.access_token);
  rememberSecret(t?.refresh_token);
  return t;
}

/** The exchange check got no token: why, for the checks that need one. */
export const publishTokensFailure = (check: string, error: unknown) =>
  write('tokens-failed', tokenFailure(check, error));
export const readTokensFailure = () => read<TokenFailure>('tokens-failed');

export interface StdCode {
  code: string;
  verifier: string;
  resource: string;
  at: number;
}

/** The code Chromium obtained, for the exchange check (single-use: taken once, while young). */
export function publishCode(c: Omit<StdCode, 'at'>): void {
  rememberSecret(c.code);
  rememberSecret(c.verifier);
  write('code', { ...c, at: Date.now() });
}
export function takeCode(maxAgeMs = 30_000): StdCode | null {
  const c = read<StdCode>('code');
  fs.rmSync(file('code'), { force: true });
  if (!c || Date.now() - c.at > maxAgeMs) return null;
  rememberSecret(c.code);
  return c;
}

/** Why the browser could not complete the sign-in (a skip reason the later flows reuse at once). */
export const publishSigninBlocked = (reason: string) => write('signin-blocked', { reason });
export const readSigninBlocked = (): string | null =>
  read<{ reason: string }>('signin-blocked')?.reason ?? null;

/** Every token the run minted, for teardown to revoke where the server offers revocation. */
export function recordMinted(token: string | undefined, hint: 'access_token' | 'refresh_token'): void {
  if (!token) return;
  rememberSecret(token);
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  fs.appendFileSync(file('minted').replace(/\.json$/, '.jsonl'), `${JSON.stringify({ token, hint })}\n`, {
    mode: 0o600,
  });
}

export function readMinted(): Array<{ token: string; hint: 'access_token' | 'refresh_token' }> {
  try {
    return fs
      .readFileSync(file('minted').replace(/\.json$/, '.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { token: string; hint: 'access_token' | 'refresh_token' });
  } catch {
    return [];
  }
}
