/** GET /auth/config: what the sign-in and signup pages read, consistent with what is enforced. */
import { test } from '../../helpers/fixtures.js';
import { smokeEmail } from '../../helpers/checks/accounts.js';
import { asMetadataUrl, authServer } from '../../helpers/protocol/www-authenticate.js';
import { freshSecondTenant } from '../../helpers/run/second-tenant.js';
import { recordSignup } from '../../helpers/run/signups.js';
import { AsMetadataFull, AuthConfig } from '../../helpers/schemas/index.js';

test('auth_config.get.signin_keys', { tag: ['@critical'] }, async ({ anon, check }) => {
  const cfg = await check.json(await anon.get('/auth/config'), 200, AuthConfig);
  check.that(cfg.password.min_length >= 8, `password.min_length ${cfg.password.min_length} is below 8`);
  check.that(
    cfg.password.max_length >= 64,
    `password.max_length ${cfg.password.max_length} is below 64 (passphrases refused)`,
  );
  check.that(cfg.signup_enabled, 'signup_enabled is false: the smoke signs up through the public path');
  for (const k of ['signup_endpoint', 'login_endpoint', 'logout_endpoint'] as const) {
    const v = cfg[k];
    if (v !== undefined)
      check.that(v.startsWith('/auth/') || v.startsWith('http'), `${k} ${v} is not an /auth path or URL`);
  }
  check.detail(
    `signup_enabled, password ${cfg.password.min_length}..${cfg.password.max_length} chars, issuer ${cfg.oauth.issuer}`,
  );
});

test('auth_config.oauth.matches_rfc8414_metadata', async ({ anon, check, urls }) => {
  const cfg = await check.json(await anon.get('/auth/config'), 200, AuthConfig);
  // The MCP resource's authorization server, wherever it lives (docs/target.md).
  const as = await authServer(urls);
  const meta = await check.json(await anon.get(as.metadataUrl), 200, AsMetadataFull);
  check.equal(cfg.oauth.issuer, meta.issuer, 'auth/config issuer vs the RFC 8414 issuer');
  check.equal(
    cfg.oauth.issuer,
    as.issuer,
    `auth/config issuer vs the authorization server named by ${as.via}`,
  );
  let compared = 0;
  for (const k of [
    'authorization_endpoint',
    'token_endpoint',
    'registration_endpoint',
    'revocation_endpoint',
  ] as const) {
    const v = cfg.oauth[k];
    if (v === undefined) continue;
    compared++;
    check.equal(v, meta[k], `auth/config oauth.${k} vs metadata`);
  }
  if (cfg.oauth.metadata_url !== undefined)
    check.equal(
      cfg.oauth.metadata_url,
      asMetadataUrl(meta.issuer),
      "oauth.metadata_url (want the issuer's RFC 8414 URL)",
    );
  check.detail(`issuer ${meta.issuer} equal in both; ${compared} endpoints agree with the metadata`);
});

test('auth_config.password.min_length_is_enforced', async ({ anon, state, check, ledger }) => {
  const cfg = await check.json(await anon.get('/auth/config'), 200, AuthConfig);
  const min = cfg.password.min_length;
  const tooShort = await anon.post('/auth/signup', {
    data: { email: smokeEmail(), password: 'P4ss-word-'.repeat(30).slice(0, min - 1) },
  });
  if (tooShort.status() === 201) {
    recordSignup('public.below_min_length');
    const t = ((await tooShort.json()) as { token?: string }).token;
    if (t) ledger.add({ kind: 'session', id: 'signup:below-min-length', secret: t });
  }
  const err = await check.error(tooShort, 400, 'invalid_request');
  // Exactly the minimum is accepted: the published rule is the enforced rule, not a stricter one.
  // Global setup signed the second tenant up with a password of exactly min_length (one account
  // fewer than signing up here).
  const seen = freshSecondTenant(state).signup;
  check.that(
    seen.min_length === min && seen.password_length === min,
    `setup's second-tenant sign-up used ${seen.password_length} chars for a min_length it read as ${seen.min_length ?? 'unpublished'}, not exactly ${min}`,
  );
  check.equal(seen.status, 201, `sign-up status for a password of exactly min_length ${min} chars`);
  check.status(201);
  check.detail(
    `published min_length ${min}: ${min - 1} chars -> 400 ${err.code}, ${min} chars -> 201 (setup's second-tenant sign-up)`,
  );
});

test('auth_config.post.method_not_allowed', async ({ anon, check }) => {
  const res = await anon.post('/auth/config', { data: { signup_enabled: false } });
  const err = await check.error(res, 405, 'method_not_allowed');
  const allow = res.headers()['allow'] ?? '';
  check.that(/\bGET\b/.test(allow), `405 without GET in Allow (Allow: ${allow || 'missing'})`);
  const after = await check.json(await anon.get('/auth/config'), 200, AuthConfig);
  check.that(after.signup_enabled, 'signup_enabled flipped to false after a refused POST');
  check.status(405);
  check.detail(`POST /auth/config -> 405 ${err.code}, Allow: ${allow}; config unchanged`);
});
