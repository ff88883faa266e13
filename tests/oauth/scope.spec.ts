/**
 * RFC 6749 §3.3: a `scope` value is a list of space-delimited, case-sensitive scope tokens, each
 * 1*( %x21 / %x23-5B / %x5D-7E ). A token response naming two scopes is where a comma-joined or
 * otherwise mis-joined list shows (one token that names no scope).
 */
import { test } from '../../helpers/fixtures.js';
import { freshTokens } from '../../helpers/protocol/oauth-flow.js';
import { authServer } from '../../helpers/protocol/www-authenticate.js';
import { AsMetadataFull, TokenResponse } from '../../helpers/schemas/index.js';

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Why `value` is not a §3.3 scope over `supported`, or null. */
function scopeProblem(
  value: string | undefined,
  supported: readonly string[],
  want: readonly string[],
): string | null {
  if (value === undefined) return 'absent';
  const tokens = value.split(' ');
  if (tokens.some((t) => !t)) return `"${value}" has an empty token (leading, trailing or double space)`;
  const bad = tokens.find((t) => !SCOPE_TOKEN.test(t));
  if (bad) return `"${bad}" has a character outside %x21 / %x23-5B / %x5D-7E`;
  const unknown = tokens.filter((t) => !supported.includes(t));
  if (unknown.length) return `"${unknown.join('", "')}" is not in scopes_supported`;
  if (new Set(tokens).size !== tokens.length) return `"${value}" repeats a token`;
  const got = [...tokens].sort().join(' ');
  if (got !== [...want].sort().join(' ')) return `"${value}" names other scopes than ${want.join(' ')}`;
  return null;
}

test('token.scope.space_delimited_rfc6749', async ({ anon, state, check, ledger, urls }) => {
  const as = await authServer(urls);
  const meta = await check.json(await anon.get(as.metadataUrl), 200, AsMetadataFull);
  const supported = meta.scopes_supported;
  const badSupported = supported.find((s) => !SCOPE_TOKEN.test(s));
  check.that(
    !badSupported,
    `scopes_supported entry "${badSupported}" is not one scope token (RFC 6749 §3.3)`,
  );
  check.that(
    supported.length >= 2,
    `precondition: ${supported.length} scope(s) supported; two show the delimiter`,
  );
  const both = supported.slice(0, 2);
  const t0 = await freshTokens(state, ledger, { scope: both.join(' ') });
  const p0 = scopeProblem(t0.scope, supported, both);
  check.that(!p0, `code exchange asked "${both.join(' ')}": scope ${p0}`);
  // A refresh that narrows (RFC 6749 §6) names the narrower scope; one that does not keeps both.
  const refresh = async (refresh_token: string, scope?: string) => {
    const t = await check.json(
      await anon.post('/token', {
        form: {
          grant_type: 'refresh_token',
          client_id: t0.client_id,
          refresh_token,
          ...(scope ? { scope } : {}),
        },
      }),
      200,
      TokenResponse,
    );
    if (t.refresh_token) ledger.add({ kind: 'oauth_token', id: t0.client_id, secret: t.refresh_token });
    return t;
  };
  const t1 = await refresh(t0.refresh_token);
  const p1 = scopeProblem(t1.scope ?? t0.scope, supported, both);
  check.that(!p1, `refresh without scope: scope ${p1}`);
  const t2 = await refresh(t1.refresh_token!, both[0]);
  const p2 = scopeProblem(t2.scope ?? both[0], supported, [both[0]!]);
  check.that(!p2, `refresh narrowed to "${both[0]}": scope ${p2}`);
  check.detail(
    `scopes_supported [${supported.join(', ')}] single tokens; code -> "${t0.scope}", refresh -> "${t1.scope ?? '(same)'}", narrowed refresh -> "${t2.scope ?? '(as asked)'}" [RFC 6749 §3.3]`,
  );
});
