/**
 * The OAuth authorization-code flow over HTTP for the oauth group (and the mcp/router second
 * tenant): register a public client, sign in through the HTML form, walk /authorize -> consent
 * with the sign-in cookie (fresh codes for the checks without a browser; nothing listens at the
 * loopback redirect_uri, only its Location is read), and exchange a code for tokens. The real
 * browser's walk is helpers/protocol/browser-authorize.ts.
 *
 * Preconditions run over Node fetch and fail with a CheckFailure that names the step. Each
 * phase is a step in the check's trace and report, each fetch inside it a step of its own
 * (helpers/report/exchange-recorder.ts). The request a check is ABOUT goes through a Playwright request
 * context. Every secret seen here (codes, cookie, tokens, verifiers) is remembered for redaction;
 * the redact reporter scrubs them from every artifact after the run.
 */
import { randomBytes } from 'node:crypto';
import { CheckFailure } from '../check.js';
import { phase } from '../report/exchange-recorder.js';
import { describeFailure, readResult, type HttpResult } from './http.js';
import type { LedgerApi } from '../run/ledger.js';
import { publishSigninCookie, readSigninCookie } from '../run/oauth-state.js';
import { pkce } from './pkce.js';
import type { RunState } from '../run/run-state.js';
import { rememberSecret } from '../redact/secrets.js';
import { consentControl, signInFields, signInForm, signInSubmit } from './signin-page.js';
import { requestTimeoutMs } from '../run/timeouts.js';

/** The ledger's API under the name some checks import it by (helpers/run/ledger.ts). */
export type { LedgerApi as LedgerLike };

/**
 * A loopback redirect_uri (RFC 8252 §7.3) unique to one client. Nothing listens on it: the
 * browser flow intercepts it with page.route, the HTTP flow only reads the Location header.
 */
export const loopbackRedirect = (tag = randomBytes(4).toString('hex')): string =>
  `http://127.0.0.1:47999/smoke-callback/${tag}`;

export const newState = (): string => `st-${randomBytes(8).toString('hex')}`;

const fail = (message: string): never => {
  throw new CheckFailure(message);
};

async function fetchText(
  url: string,
  init: RequestInit & { form?: Record<string, string | undefined>; json?: unknown; cookie?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {
    accept: 'application/json, text/html;q=0.9',
    ...(init.headers as Record<string, string> | undefined),
  };
  if (init.cookie) headers.cookie = init.cookie;
  let body: string | undefined;
  if (init.form) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form)) if (v !== undefined) p.set(k, v);
    body = p.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, {
    method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
    headers,
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(requestTimeoutMs()),
  });
  return readResult(res);
}

// ---------------------------------------------------------------------------------------------
// HTML forms (the sign-in and consent pages are small server-rendered pages)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
export const decodeEntities = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e]!);

export function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

export interface HtmlForm {
  action: string;
  method: string;
  inputs: Array<Record<string, string>>;
  buttons: Array<{ attrs: Record<string, string>; text: string }>;
  labels: Array<{ for: string; text: string }>;
}

export function formsOf(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attrsOf(m[1]!);
    const inner = m[2]!;
    forms.push({
      action: a.action ?? '',
      method: (a.method ?? 'get').toLowerCase(),
      inputs: [...inner.matchAll(/<input\b([^>]*)>/gi)].map((i) => attrsOf(i[1]!)),
      buttons: [
        ...[...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((b) => ({
          attrs: attrsOf(b[1]!),
          text: b[2]!.replace(/<[^>]+>/g, '').trim(),
        })),
        // <input type=submit value="Allow">: a button too, labelled by its value.
        ...[...inner.matchAll(/<input\b([^>]*)>/gi)]
          .map((i) => attrsOf(i[1]!))
          .filter((a) => a.type === 'submit')
          .map((a) => ({ attrs: a, text: (a.value ?? '').trim() })),
      ],
      labels: [...inner.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)].map((l) => ({
        for: attrsOf(l[1]!).for ?? '',
        text: l[2]!.replace(/<[^>]+>/g, '').trim(),
      })),
    });
  }
  return forms;
}

const hiddenFields = (f: HtmlForm): Record<string, string> =>
  Object.fromEntries(
    f.inputs.filter((i) => i.type === 'hidden' && i.name).map((i) => [i.name!, i.value ?? '']),
  );

// ---------------------------------------------------------------------------------------------
// Registration, authorization URLs, token requests

export interface Client {
  client_id: string;
  redirect_uris: string[];
}

/** RFC 7591 registration of a public client; ledgered (kept: no delete endpoint, reported by teardown). */
async function registerClientSteps(
  adminUrl: string,
  ledger: LedgerApi,
  opts: { redirectUris?: string[]; name?: string } = {},
): Promise<Client> {
  const redirect_uris = opts.redirectUris ?? [loopbackRedirect()];
  const res = await fetchText(`${adminUrl}/register`, {
    json: {
      redirect_uris,
      client_name: opts.name ?? 'engram-smoke',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  });
  const id = (res.json as { client_id?: unknown } | undefined)?.client_id;
  if (res.status !== 201 || typeof id !== 'string')
    fail(`precondition: POST /register ${describeFailure(res)}`);
  ledger.add({ kind: 'oauth_client', id: id as string });
  return { client_id: id as string, redirect_uris };
}

export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  state?: string;
  /** Omit to send no code_challenge at all. */
  challenge?: string;
  method?: string;
  scope?: string;
  /** RFC 8707 (the service's tests; the smoke's checks send none). */
  resource?: string;
}

/** /authorize path + query (relative to the admin app). */
export function authorizePath(p: AuthorizeParams): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.client_id,
    redirect_uri: p.redirect_uri,
  });
  if (p.challenge !== undefined) {
    q.set('code_challenge', p.challenge);
    q.set('code_challenge_method', p.method ?? 'S256');
  }
  if (p.state !== undefined) q.set('state', p.state);
  if (p.scope !== undefined) q.set('scope', p.scope);
  if (p.resource !== undefined) q.set('resource', p.resource);
  return `/authorize?${q.toString()}`;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

/** The authorization_code grant's form (RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707): one spelling for every check. */
export function codeGrantForm(p: {
  client_id: string;
  code: string;
  redirect_uri: string;
  verifier?: string;
  resource?: string;
}): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    client_id: p.client_id,
    code: p.code,
    redirect_uri: p.redirect_uri,
    ...(p.verifier !== undefined ? { code_verifier: p.verifier } : {}),
    ...(p.resource !== undefined ? { resource: p.resource } : {}),
  };
}

/** What redeeming a fresh code takes, as its own client would send it. */
export const grantOf = (f: FreshCode) => ({
  client_id: f.client.client_id,
  code: f.code,
  redirect_uri: f.redirect_uri,
  verifier: f.verifier,
});

/** A fresh code's grant form; `change` swaps any part (another client, a resource...). */
export const freshCodeGrant = (f: FreshCode, change: Partial<Parameters<typeof codeGrantForm>[0]> = {}) =>
  codeGrantForm({ ...grantOf(f), ...change });

/** Code exchange as a precondition (fetch); the tokens are ledgered (revoked at teardown) and remembered. */
async function exchangeCodeSteps(
  adminUrl: string,
  ledger: LedgerApi,
  p: { client_id: string; code: string; verifier: string; redirect_uri: string },
): Promise<Tokens> {
  const res = await fetchText(`${adminUrl}/token`, { form: codeGrantForm(p) });
  const t = res.json as Partial<Tokens> | undefined;
  if (res.status !== 200 || typeof t?.access_token !== 'string' || typeof t.refresh_token !== 'string')
    return fail(`precondition: POST /token (authorization_code) ${describeFailure(res)}`);
  rememberSecret(t.access_token);
  rememberSecret(t.refresh_token);
  // Revoking the refresh token ends the whole grant (its access tokens included).
  ledger.add({ kind: 'oauth_token', id: p.client_id, secret: t.refresh_token });
  return t as Tokens;
}

/** A refresh as a precondition (fetch); the new pair is ledgered. */
async function refreshTokensSteps(
  adminUrl: string,
  ledger: LedgerApi,
  p: { client_id: string; refresh_token: string },
): Promise<Tokens> {
  const res = await fetchText(`${adminUrl}/token`, {
    form: { grant_type: 'refresh_token', client_id: p.client_id, refresh_token: p.refresh_token },
  });
  const t = res.json as Partial<Tokens> | undefined;
  if (res.status !== 200 || typeof t?.access_token !== 'string' || typeof t.refresh_token !== 'string')
    return fail(`precondition: POST /token (refresh_token) ${describeFailure(res)}`);
  rememberSecret(t.access_token);
  rememberSecret(t.refresh_token);
  ledger.add({ kind: 'oauth_token', id: p.client_id, secret: t.refresh_token });
  return t as Tokens;
}

/**
 * POST /token as a follow-up probe (fetch): the status and RFC 6749 error code. Tokens a (buggy)
 * success hands out are remembered and ledgered all the same.
 */
export async function fetchTokenStatus(
  adminUrl: string,
  ledger: LedgerApi,
  form: Record<string, string>,
): Promise<{ status: number; error: string | null }> {
  const res = await fetchText(`${adminUrl}/token`, { form });
  const j = res.json as { error?: unknown; access_token?: unknown; refresh_token?: unknown } | undefined;
  for (const v of [j?.access_token, j?.refresh_token]) if (typeof v === 'string') rememberSecret(v);
  if (typeof j?.refresh_token === 'string' && form.client_id)
    ledger.add({ kind: 'oauth_token', id: form.client_id, secret: j.refresh_token });
  return { status: res.status, error: typeof j?.error === 'string' ? j.error : null };
}

// ---------------------------------------------------------------------------------------------
// Sign-in over HTTP (the form the browser fills, posted directly)

function cookieHeaderFrom(res: HttpResult): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!.trim())
    .filter((c) => c.includes('=') && !c.endsWith('='))
    .join('; ');
}

/**
 * Signs `user` in through the HTML sign-in form (found by following an unauthenticated
 * /authorize) and returns the Cookie header of the signed-in browser.
 */
async function signInOverHttpSteps(
  adminUrl: string,
  ledger: LedgerApi,
  user: { email: string; password: string },
): Promise<string> {
  const client = await registerClient(adminUrl, ledger, { name: 'engram-smoke sign-in' });
  const { challenge } = pkce();
  const start = await fetchText(
    `${adminUrl}${authorizePath({ client_id: client.client_id, redirect_uri: client.redirect_uris[0]!, challenge, state: newState() })}`,
  );
  const signInAt = start.headers.get('location');
  if (start.status < 300 || start.status > 399 || !signInAt)
    return fail(`precondition: unauthenticated GET /authorize ${start.status}, no redirect to sign-in`);
  const page = await fetchText(new URL(signInAt, adminUrl).href, { headers: { accept: 'text/html' } });
  const form = signInForm(formsOf(page.text));
  if (page.status !== 200 || !form)
    return fail(
      `precondition: sign-in page ${page.status} without a password form (SMOKE_SIGNIN_PASSWORD_FIELD names it)`,
    );
  const { identifier: emailField, password: passwordField } = signInFields(form);
  if (!emailField || !passwordField)
    return fail(
      'precondition: sign-in form has no named identifier/password fields (SMOKE_SIGNIN_EMAIL_FIELD, SMOKE_SIGNIN_PASSWORD_FIELD name them)',
    );
  const action = new URL(form.action || signInAt, new URL(signInAt, adminUrl)).href;
  // Sent as the browser sends it: with the submit control's own name=value, if it has a name.
  const button = signInSubmit(form);
  const pressed = button?.attrs.name ? { [button.attrs.name]: button.attrs.value ?? '' } : {};
  const submit = await fetchText(action, {
    form: { ...hiddenFields(form), ...pressed, [emailField]: user.email, [passwordField]: user.password },
  });
  const cookie = cookieHeaderFrom(submit);
  if (submit.status < 300 || submit.status > 399 || !cookie)
    return fail(`precondition: POST sign-in form ${submit.status}${cookie ? '' : ', no cookie set'}`);
  rememberSecret(cookie);
  for (const part of cookie.split('; ')) rememberSecret(part.split('=').slice(1).join('='));
  return cookie;
}

/**
 * The smoke tenant's sign-in cookie: the one the browser check published, else a sign-in over
 * HTTP (published in turn, so the run signs the tenant in at most about once).
 */
export async function tenantCookie(state: RunState, ledger: LedgerApi): Promise<string> {
  const published = readSigninCookie();
  if (published) return published;
  const tenant =
    state.tenant ?? fail(`precondition: no tenant (${state.provisioning_error ?? 'not provisioned'})`);
  const cookie = await signInOverHttp(state.urls.admin, ledger, tenant);
  publishSigninCookie(cookie);
  return cookie;
}

// ---------------------------------------------------------------------------------------------
// Authorization with a signed-in cookie, no browser

export interface AuthorizeOutcome {
  /** Where consent sent the browser (the redirect_uri with code/state, or an error). */
  location: URL;
  /** The admin-app paths passed through (e.g. /authorize -> /oauth/consent). */
  hops: string[];
}

/**
 * GET /authorize with the cookie, follow same-origin redirects to the consent page, press the
 * button that says `decision` (helpers/protocol/signin-page.ts), and return where the service sends the browser.
 */
function authorizeWithCookieSteps(
  adminUrl: string,
  cookie: string,
  p: AuthorizeParams,
  decision: 'Allow' | 'Deny' = 'Allow',
): Promise<AuthorizeOutcome> {
  return consentOverHttp(new URL(authorizePath(p), adminUrl).href, cookie, decision);
}

/** `jar` with the cookies a response sets (by name; an emptied one dropped). */
function withCookiesOf(jar: string, res: HttpResult): string {
  const cookies = new Map(
    jar
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.split('=')[0]!, c] as const),
  );
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(';')[0]!.trim();
    const name = pair.split('=')[0]!;
    if (pair.endsWith('=')) cookies.delete(name);
    else {
      cookies.set(name, pair);
      rememberSecret(pair.slice(name.length + 1));
    }
  }
  return [...cookies.values()].join('; ');
}

/**
 * A signed-in browser's walk through any authorization URL, over HTTP: follow the authorization
 * server's redirects (cookies it sets kept), press the consent button that says `decision`, and
 * return where the browser is sent off the server's origin (the redirect_uri with a code, or an
 * error). A page with no consent form (a sign-in form, a script-driven page) is a CheckFailure.
 */
export async function consentOverHttp(
  authorizeUrl: string,
  cookie: string,
  decision: 'Allow' | 'Deny' = 'Allow',
): Promise<AuthorizeOutcome> {
  let url = new URL(authorizeUrl);
  const origin = url.origin;
  const hops: string[] = [url.pathname];
  let jar = cookie;
  let consented = false;
  let res = await fetchText(url.href, { cookie: jar, headers: { accept: 'text/html' } });
  for (let i = 0; i < 8; i++) {
    jar = withCookiesOf(jar, res);
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.get('location');
      if (!loc) return fail(`precondition: ${url.pathname} ${res.status} without Location`);
      url = new URL(loc, url);
      if (url.origin !== origin) break; // back to the client: a code, or an error without consent
      hops.push(url.pathname);
      res = await fetchText(url.href, { cookie: jar, headers: { accept: 'text/html' } });
      continue;
    }
    const control = consented
      ? undefined
      : consentControl(formsOf(res.text), decision === 'Allow' ? 'allow' : 'deny');
    if (res.status !== 200 || !control)
      return fail(
        `precondition: ${hops.join(' -> ')} ended at ${res.status} without a consent form with a ${decision} button (SMOKE_SIGNIN_${decision.toUpperCase()} names it)`,
      );
    const { form, button } = control;
    const fields = {
      ...hiddenFields(form),
      ...(button.attrs.name ? { [button.attrs.name]: button.attrs.value ?? '' } : {}),
    };
    const action = new URL(form.action || url.pathname, url);
    consented = true;
    res = await fetchText(action.href, { form: fields, cookie: jar });
    url = action;
  }
  if (url.origin === origin) return fail(`precondition: ${hops.join(' -> ')}: no redirect off the server`);
  const code = url.searchParams.get('code');
  if (code) rememberSecret(code);
  return { location: url, hops };
}

export interface FreshCode {
  client: Client;
  redirect_uri: string;
  code: string;
  verifier: string;
  challenge: string;
  state: string;
}

/** A new client (or `client`) and a fresh code for it, through the cookie: no browser. */
async function freshCodeSteps(
  state: RunState,
  ledger: LedgerApi,
  opts: { client?: Client; redirectUri?: string; scope?: string } = {},
): Promise<FreshCode> {
  const cookie = await tenantCookie(state, ledger);
  const client = opts.client ?? (await registerClient(state.urls.admin, ledger));
  const redirect_uri = opts.redirectUri ?? client.redirect_uris[0]!;
  const { verifier, challenge } = pkce();
  const st = newState();
  const { location, hops } = await authorizeWithCookie(state.urls.admin, cookie, {
    client_id: client.client_id,
    redirect_uri,
    challenge,
    state: st,
    scope: opts.scope,
  });
  const code = location.searchParams.get('code');
  if (!code)
    return fail(
      `precondition: ${hops.join(' -> ')} gave no code (error ${location.searchParams.get('error') ?? 'none'})`,
    );
  if (location.searchParams.get('state') !== st) fail('precondition: the code came back with another state');
  return { client, redirect_uri, code, verifier, challenge, state: st };
}

/** A fresh grant (client, code, exchange): the tokens are ledgered. */
async function freshTokensSteps(
  state: RunState,
  ledger: LedgerApi,
  opts: { scope?: string } = {},
): Promise<Tokens & { client_id: string; redirect_uri: string }> {
  const c = await freshCode(state, ledger, opts);
  const t = await exchangeCode(state.urls.admin, ledger, {
    client_id: c.client.client_id,
    code: c.code,
    verifier: c.verifier,
    redirect_uri: c.redirect_uri,
  });
  return { ...t, client_id: c.client.client_id, redirect_uri: c.redirect_uri };
}

// ---------------------------------------------------------------------------------------------
// Each phase a named step in the check's trace and report.

const stepped =
  <A extends unknown[], R>(title: string, fn: (...args: A) => Promise<R>) =>
  (...args: A): Promise<R> =>
    phase(title, () => fn(...args));

export const registerClient = stepped('oauth: register a public client (RFC 7591)', registerClientSteps);
export const exchangeCode = stepped('oauth: exchange the code for tokens', exchangeCodeSteps);
export const refreshTokens = stepped('oauth: refresh the tokens', refreshTokensSteps);
export const signInOverHttp = stepped('oauth: sign the tenant in over HTTP', signInOverHttpSteps);
export const authorizeWithCookie = stepped(
  'oauth: authorize with the sign-in cookie',
  authorizeWithCookieSteps,
);
export const freshCode = stepped('oauth: get a fresh authorization code', freshCodeSteps);
export const freshTokens = stepped('oauth: get a fresh grant (client, code, tokens)', freshTokensSteps);
