/**
 * Secret material in a response body, whatever field it hides under: the credential itself, its
 * stored hash (sha256 hex or base64url, as a `selectAll()` would leak it), or a field named like a
 * secret. Shared by the portal and admin field checks.
 */
import { createHash } from 'node:crypto';
import { forbiddenFields } from '../schemas/strict.js';

export interface Secret {
  what: string;
  value: string;
}

/** The forms a leaked secret takes: itself and its sha256 (hex, base64url). */
function formsOf(s: Secret): Array<[string, string]> {
  const digest = createHash('sha256').update(s.value);
  const d = digest.digest();
  return [
    [s.what, s.value],
    [`sha256(${s.what}) hex`, d.toString('hex')],
    [`sha256(${s.what}) base64url`, d.toString('base64url')],
  ];
}

/** What `raw` gives away (empty when nothing): secrets in any form, secret-named fields, token shapes. */
export function leaksIn(raw: string, secrets: readonly Secret[]): string[] {
  const found: string[] = [];
  for (const s of secrets)
    for (const [what, v] of formsOf(s)) if (v.length >= 12 && raw.includes(v)) found.push(what);
  if (/\begr_[A-Za-z0-9_-]{20,}/.test(raw)) found.push('a refresh token (egr_…)');
  if (/\bega_[A-Za-z0-9_-]{20,}/.test(raw)) found.push('an access token (ega_…)');
  if (/\begk_[A-Za-z0-9_-]{30,}/.test(raw)) found.push('an API key (egk_…)');
  if (/\bscrypt\$\d|\$argon2|\$2[aby]\$\d/.test(raw)) found.push('a password hash');
  try {
    found.push(...forbiddenFields(JSON.parse(raw)).map((f) => `field ${f}`));
  } catch {
    /* not JSON: the schema check says so */
  }
  return found;
}
