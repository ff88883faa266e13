/**
 * The run's secrets registry: every helper that sees a secret (password, key, token, code)
 * calls rememberSecret(value) so the redact reporter can scrub it from every artifact.
 * An append-only JSON-lines file in the run dir (mode 0600), shared by all processes.
 */
import fs from 'node:fs';
import { paths } from '../run/paths.js';

const seen = new Set<string>();

/**
 * Body and query fields that hold credentials: remembered when a check parses them, masked in
 * recorded exchanges. Not `code` (error envelopes use it): authorization codes are handled where seen.
 */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'key',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'password',
  'api_key',
  'session_token',
  'code_verifier',
]);

export function rememberSecret(value: string | null | undefined): void {
  if (!value || value.length < 4 || seen.has(value)) return;
  seen.add(value);
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  fs.appendFileSync(paths.secrets, JSON.stringify(value) + '\n', { mode: 0o600 });
}

/** Secrets the environment hands the smoke, known before anything runs. */
export function envSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = [
    'SMOKE_TENANT_PASSWORD',
    'SMOKE_FOREIGN_PASSWORD',
    'SMOKE_ADMIN_PASSWORD',
    'SMOKE_BYOK_KEY',
    'SMOKE_STRIPE_WEBHOOK_SECRET',
    'ADMIN_PASSWORD',
    'STRIPE_WEBHOOK_SECRET',
    'SMOKE_PASSWORD',
    'SMOKE_OAUTH_CLIENT_SECRET',
  ];
  return names.map((n) => env[n]).filter((v): v is string => !!v && v.length >= 4);
}

export function readSecrets(file: string = paths.secrets): string[] {
  if (!fs.existsSync(file)) return [];
  const out: string[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'string') out.push(v);
    } catch {
      // A torn last line from a killed worker: skip it, keep the rest.
    }
  }
  return out;
}

/** Registry + env, de-duplicated, longest first (so a token is replaced before its prefix). */
export function allSecrets(): string[] {
  return [...new Set([...readSecrets(), ...envSecrets(), ...seen])].sort((a, b) => b.length - a.length);
}
