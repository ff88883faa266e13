/**
 * Throwaway accounts for the auth, portal and errors groups: signed up through the real path,
 * their sessions registered in the ledger (teardown logs them out), passwords remembered for
 * redaction before they are sent anywhere.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import type { Check } from './check.js';
import type { LedgerApi } from './fixtures.js';
import { smokeEmail } from './provision.js';
import { SignupResponse } from './schemas/index.js';
import { rememberSecret } from './secrets.js';

export { smokeEmail };

/** Strong enough for any sane password rule; base64url so redaction sees one form. */
export function smokePassword(): string {
  const p = `Sm0ke-${randomBytes(18).toString('base64url')}`;
  rememberSecret(p);
  return p;
}

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** POST /auth/signup for a fresh smoke account; 201 required; its session goes in the ledger. */
export async function signupAccount(
  anon: APIRequestContext,
  check: Check,
  ledger: LedgerApi,
  email = smokeEmail(),
): Promise<Account> {
  const password = smokePassword();
  const body = await check.json(
    await anon.post('/auth/signup', { data: { email, password, name: 'Engram smoke extra' } }),
    201,
    SignupResponse,
  );
  ledger.add({ kind: 'session', id: `signup:${body.customer.id}`, secret: body.token });
  return { id: body.customer.id, email, password, token: body.token };
}

/** The claims of a JWT, unverified (for `sid`, `exp`): never trusted, only read. */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The same JWT with one signature character changed (mid-signature: the last char has spare bits). */
export function tamperSignature(token: string): string {
  const [h, p, s = ''] = token.split('.');
  const i = Math.floor(s.length / 2);
  const c = s[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${s.slice(0, i)}${c}${s.slice(i + 1)}`;
}
