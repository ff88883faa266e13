/**
 * Secret-bearing and internal fields stay inside: every /account/* listing and detail parses
 * against its strict shape (docs/contract.md "Field sets are closed": an unknown field is a
 * finding), and its raw body carries no credential, no credential hash and no secret-named
 * field. Timestamps on every row are ISO 8601 with a zone (the strict shapes say so).
 */
import type { APIResponse } from '@playwright/test';
import type { z } from 'zod';
import type { Check } from '../../helpers/check.js';
import { test, smokeEnv } from '../../helpers/fixtures.js';
import { leaksIn, type Secret } from '../../helpers/checks/leaks.js';
import { freshTokens } from '../../helpers/protocol/oauth-flow.js';
import type { RunState } from '../../helpers/run/run-state.js';
import {
  ApiKeyListStrict,
  BillingStrict,
  ByokConfigStrict,
  ByokListStrict,
  OAuthGrantsStrict,
  ProfileStrict,
  SessionsStrict,
  UsageStrict,
} from '../../helpers/schemas/strict.js';

/** The run's secrets a portal response must never carry, in any form. */
function runSecrets(state: RunState): Secret[] {
  const out: Secret[] = [];
  if (state.api_key) out.push({ what: 'the API key', value: state.api_key.key });
  if (state.tenant) {
    out.push({ what: 'the session JWT', value: state.tenant.session_token });
    out.push({ what: 'the tenant password', value: state.tenant.password });
  }
  const byokKey = smokeEnv().byokKey;
  if (byokKey) out.push({ what: 'the BYOK provider key', value: byokKey });
  return out;
}

/** Strict parse plus the raw-body leak scan; returns the parsed body. */
async function strictRead<S extends z.ZodType>(
  check: Check,
  res: APIResponse,
  schema: S,
  state: RunState,
): Promise<z.output<S>> {
  const body = await check.json(res, 200, schema);
  const path = new URL(res.url()).pathname;
  const leaks = leaksIn(await res.text(), runSecrets(state));
  check.that(leaks.length === 0, `GET ${path} carries ${leaks.join(', ')}`);
  return body;
}

test('fields.profile.strict_no_secrets', async ({ session, api, check, state, tenant }) => {
  const [viaSession, viaKey] = await Promise.all([
    session.get('/account/profile'),
    api.get('/account/profile'),
  ]);
  const a = await strictRead(check, viaSession, ProfileStrict, state);
  const b = await strictRead(check, viaKey, ProfileStrict, state);
  check.that(a.id === tenant.id && b.id === tenant.id, `profile ids ${a.id}/${b.id}, tenant #${tenant.id}`);
  check.that(
    a.authenticated_via === 'session' && b.authenticated_via === 'api_key',
    `authenticated_via ${a.authenticated_via} (session) / ${b.authenticated_via} (API key)`,
  );
  check.detail(
    `profile via session and API key: only the 7 named fields, no hash, no credential; role ${a.role}`,
  );
});

test('fields.billing_usage.strict_no_secrets', async ({ session, check, state }) => {
  const [billingRes, usageRes] = await Promise.all([
    session.get('/account/billing'),
    session.get('/account/usage'),
  ]);
  const billing = await strictRead(check, billingRes, BillingStrict, state);
  const usage = await strictRead(check, usageRes, UsageStrict, state);
  check.detail(
    `billing (${billing.billing_plan}/${billing.status}) and usage (${usage.api_keys} keys, ${usage.sessions} sessions) carry only named fields, no Stripe id, no secret`,
  );
});

test('fields.sessions.strict_no_token', async ({ session, check, state }) => {
  const list = await strictRead(check, await session.get('/account/sessions'), SessionsStrict, state);
  check.that(list.sessions.length >= 1, 'GET /account/sessions lists no session, yet this one is live');
  check.detail(
    `${list.sessions.length} session(s): id, created_at, last_seen_at, expires_at, current only; no token or hash`,
  );
});

test('fields.api_keys.strict_no_hash_last_used_iso', async ({ session, api, check, state }) => {
  // Use the key first, so last_used_at is a written timestamp, not a null.
  await check.expectStatus(await api.get('/account/profile'), 200);
  const list = await strictRead(check, await session.get('/account/api-keys'), ApiKeyListStrict, state);
  const mine = list.api_keys.find((k) => k.id === state.api_key?.id);
  check.that(
    !!mine,
    `the run's API key #${state.api_key?.id} missing from a list of ${list.api_keys.length}`,
  );
  check.that(mine!.last_used_at !== null, 'the API key was just used, but last_used_at is null');
  const age = Date.now() - Date.parse(mine!.last_used_at!);
  check.that(age < 10 * 60_000 && age > -10 * 60_000, `last_used_at ${mine!.last_used_at} is not about now`);
  check.detail(
    `${list.api_keys.length} key(s), named fields only, no key or sha256 of it; last_used_at ${mine!.last_used_at}`,
  );
});

test('fields.byok.list_and_detail_strict_no_key', async ({ session, check, state }) => {
  const id = state.byok?.id ?? '';
  const [listRes, oneRes] = await Promise.all([
    session.get('/account/byok'),
    session.get(`/account/byok/${encodeURIComponent(id)}`),
  ]);
  const list = await strictRead(check, listRes, ByokListStrict, state);
  const one = await strictRead(check, oneRes, ByokConfigStrict, state);
  check.that(
    list.byok_configs.some((c) => c.id === one.id),
    `config ${one.name} missing from the list`,
  );
  check.detail(
    `${list.byok_configs.length} config set(s) + ${one.name}: named fields only, key as ${one.api_key_masked}, created_at ${one.created_at}`,
  );
});

test('fields.oauth_grants.strict_no_tokens', async ({ session, anon, check, state, ledger }) => {
  const grant = await freshTokens(state, ledger);
  const list = await strictRead(check, await session.get('/account/oauth-grants'), OAuthGrantsStrict, state);
  const row = list.oauth_grants.find((g) => g.client_id === grant.client_id);
  check.that(
    !!row,
    `the client just granted (${grant.client_id}) is missing from ${list.oauth_grants.length} grant(s)`,
  );
  const raw = JSON.stringify(list);
  check.that(
    !raw.includes(grant.access_token) && !raw.includes(grant.refresh_token),
    'the grants list echoes a token',
  );
  // Revoking the grant's refresh token ends it (RFC 7009): the client leaves the list.
  const revoked = await anon.post('/revoke', {
    form: { token: grant.refresh_token, token_type_hint: 'refresh_token', client_id: grant.client_id },
  });
  check.that(revoked.status() === 200, `precondition: POST /revoke answered ${revoked.status()}`);
  const after = await strictRead(check, await session.get('/account/oauth-grants'), OAuthGrantsStrict, state);
  const still = after.oauth_grants.find((g) => g.client_id === grant.client_id);
  check.that(!still, `the revoked grant is still listed with ${still?.live_tokens} live token(s)`);
  check.detail(
    `${list.oauth_grants.length} grant(s), the new client with ${row!.live_tokens} live token(s); client_id and count only; gone once revoked`,
  );
});
