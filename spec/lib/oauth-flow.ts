// Reusable OAuth helpers for the project's tests: sign up a customer, register a client, run the
// sign-in + consent flow (in a real Chromium, or over plain HTTP with a cookie), exchange the code.
// Usage (MCP tests): const t = await obtainTokens(svc.adminUrl, { browser }); t.accessToken ...
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_PATH = process.env.SMOKE_CHROMIUM_PATH || '/usr/lib/chromium/chromium';
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636: a 43-char verifier and its S256 challenge. */
export function pkce(): Pkce {
  const verifier = crypto.randomBytes(32).toString('base64url');
  return { verifier, challenge: crypto.createHash('sha256').update(verifier).digest('base64url') };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

async function read(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** POST application/x-www-form-urlencoded, redirects not followed. */
export async function postForm(
  url: string,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.set(k, v);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
    redirect: 'manual',
  });
  return read(res);
}

export interface TestUser {
  email: string;
  password: string;
}

/** A fresh customer through the real signup path. */
export async function signUp(adminUrl: string): Promise<TestUser> {
  const user = {
    email: `oauth-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@engram.test`,
    password: 'correct horse battery',
  };
  const res = await fetch(`${adminUrl}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (res.status !== 201) throw new Error(`signup answered ${res.status}: ${await res.text()}`);
  return user;
}

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  raw: any;
}

/** RFC 7591 registration of a public client (token_endpoint_auth_method none) by default. */
export async function registerClient(
  adminUrl: string,
  opts: { redirectUri: string; name?: string; authMethod?: string; extra?: Record<string, unknown> },
): Promise<RegisteredClient> {
  const res = await fetch(`${adminUrl}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [opts.redirectUri],
      client_name: opts.name ?? 'Engram test client',
      token_endpoint_auth_method: opts.authMethod ?? 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      ...opts.extra,
    }),
  });
  const r = await read(res);
  if (r.status !== 201) throw new Error(`register answered ${r.status}: ${r.text}`);
  return {
    clientId: r.body.client_id,
    clientSecret: r.body.client_secret,
    redirectUri: opts.redirectUri,
    raw: r.body,
  };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  state?: string;
  scope?: string;
  resource?: string;
}

export function authorizeUrl(adminUrl: string, p: AuthorizeParams): string {
  const u = new URL('/authorize', adminUrl);
  u.searchParams.set('response_type', 'code');
  u.searchParams.set('client_id', p.clientId);
  u.searchParams.set('redirect_uri', p.redirectUri);
  if (p.challenge !== undefined) {
    u.searchParams.set('code_challenge', p.challenge);
    u.searchParams.set('code_challenge_method', 'S256');
  }
  if (p.state !== undefined) u.searchParams.set('state', p.state);
  if (p.scope !== undefined) u.searchParams.set('scope', p.scope);
  if (p.resource !== undefined) u.searchParams.set('resource', p.resource);
  return u.href;
}

/** A loopback redirect target that records the query of every request it gets. */
export interface CallbackServer {
  redirectUri: string;
  /** Resolves with the next callback's query parameters. */
  next(timeoutMs?: number): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function startCallbackServer(): Promise<CallbackServer> {
  const seen: URLSearchParams[] = [];
  const waiters: ((q: URLSearchParams) => void)[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Chromium asks for /favicon.ico after landing here, sometimes late: only /callback counts,
    // or a stray favicon hit is taken for the next test's callback.
    if (url.pathname !== '/callback') {
      res.writeHead(404, { connection: 'close' }).end();
      return;
    }
    const q = url.searchParams;
    const w = waiters.shift();
    if (w) w(q);
    else seen.push(q);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    res.end('<!doctype html><title>done</title><p>You can close this window.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    next(timeoutMs = 10_000) {
      const q = seen.shift();
      if (q) return Promise.resolve(q);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no callback within timeout')), timeoutMs);
        waiters.push((x) => {
          clearTimeout(t);
          resolve(x);
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The sign-in and consent pages in a real Chromium: goes to /authorize, fills the labelled
 * fields, presses "Sign in", then "Allow" (or "Deny"). Returns the callback's query.
 */
export async function authorizeInBrowser(
  browser: Browser,
  adminUrl: string,
  callback: CallbackServer,
  p: AuthorizeParams & { user: TestUser; decision?: 'Allow' | 'Deny' },
): Promise<{ query: URLSearchParams; signInUrl: string; consentUrl: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(authorizeUrl(adminUrl, p));
    const signInUrl = page.url();
    await page.getByLabel('Email').fill(p.user.email);
    await page.getByLabel('Password').fill(p.user.password);
    await Promise.all([
      page.waitForURL(/\/oauth\/consent\?/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const consentUrl = page.url();
    const got = callback.next();
    await page.getByRole('button', { name: p.decision ?? 'Allow' }).click();
    const query = await got;
    return { query, signInUrl, consentUrl };
  } finally {
    await context.close();
  }
}

function cookieFrom(res: HttpResult, name: string): string | undefined {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return undefined;
}

/**
 * The same flow over plain HTTP with the sign-in cookie (fast; for tests that need many codes).
 * Returns the final redirect's URL, or throws on any unexpected step.
 */
export async function authorizeOverHttp(
  adminUrl: string,
  p: AuthorizeParams & { user: TestUser; decision?: 'allow' | 'deny' },
): Promise<URL> {
  const step1 = await fetch(authorizeUrl(adminUrl, p), { redirect: 'manual' });
  const signIn = step1.headers.get('location');
  if (step1.status !== 302 || !signIn?.startsWith('/oauth/sign-in?'))
    throw new Error(`/authorize answered ${step1.status} ${signIn}`);
  const request = new URL(signIn, adminUrl).searchParams.get('request')!;
  const step2 = await postForm(`${adminUrl}/oauth/sign-in`, {
    request,
    email: p.user.email,
    password: p.user.password,
  });
  const cookie = cookieFrom(step2, 'engram_signin');
  if (step2.status !== 303 || !cookie) throw new Error(`sign-in answered ${step2.status}`);
  const step3 = await read(
    await fetch(new URL(step2.headers.get('location')!, adminUrl), {
      headers: { cookie },
      redirect: 'manual',
    }),
  );
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(step3.text)?.[1];
  if (step3.status !== 200 || !csrf) throw new Error(`consent page answered ${step3.status}`);
  const step4 = await postForm(
    `${adminUrl}/oauth/consent`,
    { request, csrf_token: csrf, decision: p.decision ?? 'allow' },
    { cookie },
  );
  const location = step4.headers.get('location');
  if (step4.status !== 302 || !location) throw new Error(`consent answered ${step4.status}: ${step4.text}`);
  return new URL(location);
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

export const exchangeCode = (
  adminUrl: string,
  p: {
    clientId: string;
    code: string;
    verifier?: string;
    redirectUri?: string;
    resource?: string;
    clientSecret?: string;
  },
): Promise<HttpResult> =>
  postForm(`${adminUrl}/token`, {
    grant_type: 'authorization_code',
    client_id: p.clientId,
    client_secret: p.clientSecret,
    code: p.code,
    code_verifier: p.verifier,
    redirect_uri: p.redirectUri,
    resource: p.resource,
  });

export const refresh = (
  adminUrl: string,
  p: { clientId: string; refreshToken: string; scope?: string; resource?: string },
): Promise<HttpResult> =>
  postForm(`${adminUrl}/token`, {
    grant_type: 'refresh_token',
    client_id: p.clientId,
    refresh_token: p.refreshToken,
    scope: p.scope,
    resource: p.resource,
  });

export const revoke = (
  adminUrl: string,
  p: { clientId: string; token: string; hint?: string },
): Promise<HttpResult> =>
  postForm(`${adminUrl}/revoke`, { client_id: p.clientId, token: p.token, token_type_hint: p.hint });

export interface ObtainedTokens extends TokenSet {
  clientId: string;
  redirectUri: string;
  user: TestUser;
}

/**
 * Everything in one call: a new customer (unless given), a public client, the sign-in flow (in
 * Chromium when a browser is given, else over HTTP), the code exchange. For the MCP tests.
 */
export async function obtainTokens(
  adminUrl: string,
  opts: { browser?: Browser; user?: TestUser; resource?: string; scope?: string } = {},
): Promise<ObtainedTokens> {
  const user = opts.user ?? (await signUp(adminUrl));
  const callback = await startCallbackServer();
  try {
    const client = await registerClient(adminUrl, { redirectUri: callback.redirectUri });
    const { verifier, challenge } = pkce();
    const state = crypto.randomBytes(8).toString('hex');
    const params = {
      clientId: client.clientId,
      redirectUri: client.redirectUri,
      challenge,
      state,
      scope: opts.scope,
      resource: opts.resource,
      user,
    };
    const query = opts.browser
      ? (await authorizeInBrowser(opts.browser, adminUrl, callback, params)).query
      : (await authorizeOverHttp(adminUrl, params)).searchParams;
    const code = query.get('code');
    if (!code || query.get('state') !== state) throw new Error(`no code in the callback: ${query}`);
    const r = await exchangeCode(adminUrl, {
      clientId: client.clientId,
      code,
      verifier,
      redirectUri: client.redirectUri,
      resource: opts.resource,
    });
    if (r.status !== 200) throw new Error(`/token answered ${r.status}: ${r.text}`);
    return { ...(r.body as TokenSet), clientId: client.clientId, redirectUri: client.redirectUri, user };
  } finally {
    await callback.close();
  }
}

/** Whether the MCP app lets a bearer through: a GET with Accept: text/event-stream, headers only. */
export interface McpProbe {
  /** False while /mcp is not served at all (404 without credentials). */
  built: boolean;
  /** True when auth passed (any status but 401/403; a session-less GET may well be 400). */
  accepts(token: string): Promise<boolean>;
  status(token?: string): Promise<number>;
}

export async function mcpProbe(mcpUrl: string): Promise<McpProbe> {
  const status = async (token?: string): Promise<number> => {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 5000);
    try {
      const res = await fetch(mcpUrl, { headers, signal: ac.signal });
      // An SSE stream never ends: the status is all we need.
      await res.body?.cancel().catch(() => undefined);
      return res.status;
    } finally {
      clearTimeout(timer);
    }
  };
  const built = (await status()) !== 404;
  return { built, status, accepts: async (token) => ![401, 403].includes(await status(token)) };
}
