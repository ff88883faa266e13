/**
 * What the oauth group hands on, as small files in the run dir (mode 0600, deleted at exit with
 * the rest of it): the access token the mcp group uses (mcp depends on oauth), the browser's
 * sign-in cookie (so later oauth checks mint codes without a browser), and the code the browser
 * flow obtained (so the exchange check redeems exactly what Chromium got). Every value read or
 * written is remembered for redaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from './paths.js';
import { rememberSecret } from '../redact/secrets.js';
import { oneLineError } from '../report/check-record.js';

export interface PublishedToken {
  client_id: string;
  access_token: string;
  refresh_token: string;
  issued_at: string;
}

export interface PublishedCode {
  client_id: string;
  redirect_uri: string;
  code: string;
  verifier: string;
  state: string;
  at: number;
}

const file = (name: string) => path.join(paths.runDir, name);
export const oauthFiles = {
  token: file('oauth-token.json'),
  tokenFailed: file('oauth-token-failed.json'),
  cookie: file('oauth-signin-cookie.json'),
  code: file('oauth-browser-code.json'),
} as const;

function write(target: string, value: unknown): void {
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
  fs.renameSync(tmp, target); // atomic: a reader never sees half a file
}

function read<T>(target: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(target, 'utf8')) as T;
  } catch {
    return null;
  }
}

export function publishOAuthToken(t: Omit<PublishedToken, 'issued_at'>): void {
  rememberSecret(t.access_token);
  rememberSecret(t.refresh_token);
  write(oauthFiles.token, { ...t, issued_at: new Date().toISOString() });
}

/** The token the oauth group's exchange check published, or null (that check failed or has not run). */
export function readOAuthToken(): PublishedToken | null {
  const t = read<PublishedToken>(oauthFiles.token);
  if (!t?.access_token) return null;
  rememberSecret(t.access_token);
  rememberSecret(t.refresh_token);
  return t;
}

/** The check that should have obtained a token, and why it did not (its one-line error). */
export interface TokenFailure {
  check: string;
  reason: string;
}

export const tokenFailure = (check: string, error: unknown): TokenFailure => ({
  check,
  reason: oneLineError(error instanceof Error ? error.message : String(error), 160),
});

/** The skip reason of a check that needs the token: the precondition and who failed to meet it. */
export const noTokenReason = (f: TokenFailure): string => `not run: no access token: ${f.check}: ${f.reason}`;

/** The exchange check ended without a token: a check waiting for it stops waiting and says why. */
export function publishOAuthTokenFailure(check: string, error: unknown): void {
  write(oauthFiles.tokenFailed, tokenFailure(check, error));
}

export type OAuthTokenOutcome = { token: PublishedToken } | { failed: TokenFailure } | { absent: string };

/**
 * The oauth group's access token, for a check of the mcp group. Playwright starts mcp only once
 * oauth has finished, so the token is there, or the exchange check said why not, or oauth did not
 * run (`--no-deps`): nothing to wait for.
 */
export function oauthTokenOutcome(): OAuthTokenOutcome {
  const token = readOAuthToken();
  if (token) return { token };
  const failed = read<TokenFailure>(oauthFiles.tokenFailed);
  if (failed) return { failed };
  return { absent: 'no token published (oauth not in this run)' };
}

/** The Cookie header value (`name=value; ...`) of a signed-in browser on the admin app. */
export function publishSigninCookie(cookie: string): void {
  rememberSecret(cookie);
  for (const part of cookie.split(';')) rememberSecret(part.split('=').slice(1).join('=').trim());
  write(oauthFiles.cookie, { cookie });
}

export function readSigninCookie(): string | null {
  const c = read<{ cookie: string }>(oauthFiles.cookie)?.cookie ?? null;
  if (c) rememberSecret(c);
  return c;
}
