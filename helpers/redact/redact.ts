/** Pure redaction of text: known secret values (and their encodings), then credential-shaped patterns. */
export const REDACTED = '[REDACTED]';

const variantCache = new Map<string, string[]>();

/** The forms a secret takes on the wire and in JSON/URLs (memoized: called per file per secret). */
export function secretVariants(secret: string): string[] {
  let cached = variantCache.get(secret);
  if (!cached) variantCache.set(secret, (cached = computeVariants(secret)));
  return cached;
}

function computeVariants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const uri = encodeURIComponent(secret);
  const form = uri.replace(/%20/g, '+');
  const b64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
  const variants = [secret, json, JSON.stringify(json).slice(1, -1), uri, form];
  if (secret.length >= 12) variants.push(b64);
  return [...new Set(variants)].filter((v) => v.length >= 4);
}

// Belt and braces: shapes of credentials even if a helper forgot to register one.
const PATTERNS: Array<[RegExp, string]> = [
  // A WWW-Authenticate challenge (`Bearer error="..."`) is not a credential: skip `name="`.
  [/\bBearer(\s+|%20|\+)(?![A-Za-z0-9._~+/-]+=")[A-Za-z0-9._~+/-]{6,}/g, `Bearer$1${REDACTED}`],
  [/\bBasic(\s+|%20|\+)[A-Za-z0-9+/]{12,}={0,2}/gi, `Basic$1${REDACTED}`],
  // Real keys/tokens are 40+ chars; a display prefix (egk_ab12cd34) is not a secret.
  [/\beg[akr]_[A-Za-z0-9_-]{20,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(engram_signin|engram_session)=[^;\s"'\\]{6,}/g, `$1=${REDACTED}`],
];

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets)
    for (const variant of secretVariants(secret))
      if (out.includes(variant)) out = out.split(variant).join(REDACTED);
  for (const [re, repl] of PATTERNS) out = out.replace(re, repl);
  return out;
}

/** True when the text still holds a secret or a credential-shaped string. */
export function findLeaks(text: string, secrets: readonly string[]): string[] {
  const hits: string[] = [];
  for (const secret of secrets)
    for (const variant of secretVariants(secret))
      if (text.includes(variant)) hits.push(`secret ${mask(secret)}`);
  for (const [re] of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) if (!m[0].includes(REDACTED)) hits.push(`pattern ${mask(m[0])}`);
  }
  return hits;
}

/** Enough to recognise which secret leaked, never enough to use it. */
export const mask = (s: string): string => `${s.length > 12 ? s.slice(0, 4) : ''}…(${s.length} chars)`;
