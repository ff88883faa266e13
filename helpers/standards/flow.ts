/**
 * The OAuth client side of the standards profile, following the discovered metadata only:
 * RFC 7591 registration (or the configured client), authorization URLs with PKCE S256 and the
 * RFC 8707 resource, token requests with the client's authentication, and a code fetched in the
 * browser. Preconditions go over fetch (unrecorded) and fail with a CheckFailure naming the step.
 */
import type { Page } from '@playwright/test';
import { CheckFailure } from '../check.js';
import type { SmokeEnv } from '../run/env.js';
import { http, readResult, type HttpResult } from '../protocol/http.js';
import { consentOverHttp, loopbackRedirect, newState } from '../protocol/oauth-flow.js';
import { pkce, type Pkce } from '../protocol/pkce.js';
import { rememberSecret } from '../redact/secrets.js';
import { completeAuthorization, type SigninOutcome } from '../protocol/browser-authorize.js';
import type { AsMetadataDoc, Target } from './discover.js';
import { recordMinted, type StdClient, type StdTokens } from './state.js';

export const registrationBody = (redirect_uri: string) => ({
  redirect_uris: [redirect_uri],
  client_name: 'engram-smoke standards profile',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
});

/** The RFC 8707 resource to ask for: the protected resource's own identifier. */
export const resourceOf = (t: Target): string => t.resourceMetadata?.doc.resource ?? t.mcpUrl;

/** The scope to ask for (MCP 2025-11-25: the challenge's scope, else the resource's scopes_supported). */
export function scopeOf(t: Target): string | undefined {
  const fromChallenge = t.unauthenticated.challenge?.params['scope'];
  const supported = t.resourceMetadata?.doc.scopes_supported;
  return fromChallenge || (supported?.length ? supported.join(' ') : undefined);
}

export function clientFromEnv(env: SmokeEnv): StdClient | null {
  if (!env.oauthClient) return null;
  return {
    client_id: env.oauthClient.id,
    client_secret: env.oauthClient.secret,
    redirect_uri: loopbackRedirect('env'),
    source: 'env',
  };
}

/** A client for a check's precondition: registered (RFC 7591) when offered, else SMOKE_OAUTH_CLIENT_ID. */
export async function preconditionClient(as: AsMetadataDoc, env: SmokeEnv): Promise<StdClient | null> {
  if (!as.registration_endpoint) return clientFromEnv(env);
  const redirect_uri = loopbackRedirect('std-precondition');
  const r = await http(as.registration_endpoint, { json: registrationBody(redirect_uri) });
  const reg = r.json as { client_id?: string; client_secret?: string } | undefined;
  if (r.status !== 201 || typeof reg?.client_id !== 'string')
    throw new CheckFailure(`precondition: POST ${new URL(as.registration_endpoint).pathname} -> ${r.status}`);
  rememberSecret(reg.client_secret);
  return { client_id: reg.client_id, client_secret: reg.client_secret, redirect_uri, source: 'registered' };
}

export interface AuthorizeRequest {
  client: StdClient;
  state: string;
  pkce?: Pkce;
  /** Overrides pkce's: 'plain' with the verifier as challenge. */
  method?: 'S256' | 'plain';
  resource?: string;
  scope?: string;
}

export function authorizeUrl(as: AsMetadataDoc, r: AuthorizeRequest): string {
  const u = new URL(as.authorization_endpoint!);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', r.client.client_id);
  u.searchParams.set('redirect_uri', r.client.redirect_uri);
  u.searchParams.set('state', r.state);
  if (r.pkce) {
    u.searchParams.set('code_challenge', r.method === 'plain' ? r.pkce.verifier : r.pkce.challenge);
    u.searchParams.set('code_challenge_method', r.method ?? 'S256');
  }
  if (r.resource) u.searchParams.set('resource', r.resource);
  if (r.scope) u.searchParams.set('scope', r.scope);
  return u.href;
}

/** The form fields and headers that authenticate `client` at the token/revocation endpoint. */
export function clientAuth(
  client: StdClient,
  as: AsMetadataDoc,
): { form: Record<string, string>; headers: Record<string, string> } {
  if (!client.client_secret) return { form: { client_id: client.client_id }, headers: {} };
  const methods = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) {
    const basic = Buffer.from(
      `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`,
    ).toString('base64');
    rememberSecret(basic);
    return { form: {}, headers: { authorization: `Basic ${basic}` } };
  }
  return { form: { client_id: client.client_id, client_secret: client.client_secret }, headers: {} };
}

/** POST a form to an AS endpoint (fetch): the status and JSON. Tokens in the answer are remembered. */
export async function postForm(
  url: string,
  form: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
  const res = await fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
    redirect: 'manual',
    signal: AbortSignal.timeout(5000),
  });
  const r = await readResult(res);
  const j = r.json as { access_token?: unknown; refresh_token?: unknown; id_token?: unknown } | undefined;
  for (const v of [j?.access_token, j?.refresh_token, j?.id_token])
    if (typeof v === 'string') rememberSecret(v);
  if (r.status === 200) {
    recordMinted(typeof j?.refresh_token === 'string' ? j.refresh_token : undefined, 'refresh_token');
    recordMinted(typeof j?.access_token === 'string' ? j.access_token : undefined, 'access_token');
  }
  return r;
}

export function tokenRequest(
  as: AsMetadataDoc,
  client: StdClient,
  form: Record<string, string | undefined>,
): Promise<HttpResult> {
  const auth = clientAuth(client, as);
  return postForm(as.token_endpoint!, { ...form, ...auth.form }, auth.headers);
}

export interface BrowserCode extends SigninOutcome {
  pkce: Pkce;
  state: string;
  code: string | null;
}

/** What a check changes in its authorization request: no PKCE at all, another resource, ... */
export type CodeOverrides = Partial<AuthorizeRequest> & { noPkce?: boolean };

/** A new authorization request (PKCE S256 unless `noPkce`, the resource, the scope) for `client`. */
function authorization(
  t: Target,
  client: StdClient,
  overrides: CodeOverrides,
): { url: string; pkce: Pkce; state: string } {
  const p = pkce();
  const state = newState();
  const url = authorizeUrl(t.authServer!.doc, {
    client,
    state,
    pkce: overrides.noPkce ? undefined : p,
    method: overrides.method,
    resource: overrides.resource ?? resourceOf(t),
    scope: scopeOf(t),
  });
  return { url, pkce: p, state };
}

/** One pass through /authorize in Chromium (PKCE S256 + resource), as far as the redirect_uri. */
export async function codeInBrowser(
  page: Page,
  env: SmokeEnv,
  t: Target,
  client: StdClient,
  overrides: CodeOverrides = {},
): Promise<BrowserCode> {
  const { url, pkce: p, state } = authorization(t, client, overrides);
  const out = await completeAuthorization(page, url, client.redirect_uri, { user: env.user });
  const code = out.callback?.searchParams.get('code') ?? null;
  if (code) rememberSecret(code);
  return { ...out, pkce: p, state, code };
}

/**
 * A code for a check about what follows /authorize. Given `cookie` (the engram profile: the
 * tenant's sign-in cookie), /authorize is walked over HTTP, consent pressed as the browser presses
 * it (no browser context, a few requests); Engram makes each code its own grant, as its own
 * cookie-minted codes rely on. Elsewhere, or when that walk cannot finish (a sign-in form again, a
 * page only a browser can drive), in Chromium with a session of the check's own: an authorization
 * server may tie every code of one session to one grant (oidc-provider does), and a check that
 * ends its grant must not end the token the mcp group uses.
 */
export async function authorizationCode(
  openPage: () => Promise<Page>,
  cookie: (() => Promise<string>) | null,
  env: SmokeEnv,
  t: Target,
  client: StdClient,
  overrides: CodeOverrides = {},
): Promise<BrowserCode> {
  const { url, pkce: p, state } = authorization(t, client, overrides);
  const walked = cookie ? await consentOverHttp(url, await cookie()).catch(() => null) : null;
  if (!walked) return codeInBrowser(await openPage(), env, t, client, overrides);
  const callback = walked.location.href.startsWith(client.redirect_uri) ? walked.location : null;
  return {
    callback,
    steps: [`over HTTP with the sign-in cookie: ${walked.hops.join(' -> ')}`],
    stopped: callback ? null : `sent to ${walked.location.origin}${walked.location.pathname}`,
    pkce: p,
    state,
    code: callback?.searchParams.get('code') ?? null,
  };
}

/** Exchange a code as a precondition: the tokens, or a CheckFailure naming the answer. */
export async function exchange(
  as: AsMetadataDoc,
  client: StdClient,
  code: string,
  verifier: string,
  resource: string,
): Promise<StdTokens> {
  const r = await tokenRequest(as, client, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: client.redirect_uri,
    resource,
  });
  const j = r.json as (Partial<StdTokens> & { error?: string }) | undefined;
  if (r.status !== 200 || typeof j?.access_token !== 'string')
    throw new CheckFailure(
      `precondition: code exchange at ${new URL(as.token_endpoint!).pathname} -> ${r.status} ${j?.error ?? ''}`.trim(),
    );
  return {
    access_token: j.access_token,
    refresh_token: j.refresh_token,
    expires_in: j.expires_in,
    scope: j.scope,
  };
}
