// OAuth helpers for the project's service tests: sign up a customer, register a client with any
// metadata, run the sign-in + consent flow (in a real Chromium to a real loopback callback, or
// over plain HTTP with a cookie), and raw token-endpoint calls whose answers the tests judge.
// The protocol parts are the smoke's own (helpers/protocol/): PKCE, the /authorize URL, the
// sign-in and consent finder, the cookie flow.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { readResult, type HttpResult as SmokeResult } from '../../helpers/protocol/http.js';
import { authorizePath, authorizeWithCookie, signInOverHttp } from '../../helpers/protocol/oauth-flow.js';
import { consentLocator, signInOnPage } from '../../helpers/protocol/signin-page.js';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../helpers/run/browser.js';

export { pkce, type Pkce } from '../../helpers/protocol/pkce.js';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumExecutable(process.env.SMOKE_CHROMIUM_PATH),
    args: CHROMIUM_ARGS,
  });

/** The smoke's HttpResult with the JSON also as `body` (loosely typed: the tests read any field). */
export interface HttpResult extends SmokeResult {
  body: any;
}

async function read(res: Response): Promise<HttpResult> {
  const r = await readResult(res);
  return { ...r, body: r.json };
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

const smokeParams = (p: AuthorizeParams) => ({
  client_id: p.clientId,
  redirect_uri: p.redirectUri,
  challenge: p.challenge,
  state: p.state,
  scope: p.scope,
  resource: p.resource,
});

export const authorizeUrl = (adminUrl: string, p: AuthorizeParams): string =>
  new URL(authorizePath(smokeParams(p)), adminUrl).href;

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
 * The sign-in and consent pages in a real Chromium: goes to /authorize, fills the sign-in form
 * and presses allow (or deny) as the smoke finds them (helpers/protocol/signin-page.ts, no
 * SMOKE_SIGNIN_* hints: the reference pages need none). Returns the callback's query.
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
    const signIn = await signInOnPage(page, {});
    if (!signIn?.identifier || !signIn.password || !signIn.submit)
      throw new Error(`no sign-in form at ${signInUrl}`);
    await signIn.identifier.fill(p.user.email);
    await signIn.password.fill(p.user.password);
    await Promise.all([page.waitForURL(/\/oauth\/consent\?/), signIn.submit.click()]);
    const consentUrl = page.url();
    const got = callback.next();
    await consentLocator(page, p.decision === 'Deny' ? 'deny' : 'allow', {}).click();
    const query = await got;
    return { query, signInUrl, consentUrl };
  } finally {
    await context.close();
  }
}

const cookies = new Map<string, Promise<string>>();
const noLedger = { add: () => undefined };

/**
 * The same flow over plain HTTP with the sign-in cookie (fast; for tests that need many codes):
 * the smoke's cookie flow, one sign-in per user and service. Returns the final redirect's URL.
 */
export async function authorizeOverHttp(
  adminUrl: string,
  p: AuthorizeParams & { user: TestUser; decision?: 'allow' | 'deny' },
): Promise<URL> {
  const key = `${adminUrl} ${p.user.email}`;
  if (!cookies.has(key)) cookies.set(key, signInOverHttp(adminUrl, noLedger, p.user));
  const cookie = await cookies.get(key)!;
  const decision = p.decision === 'deny' ? 'Deny' : 'Allow';
  return (await authorizeWithCookie(adminUrl, cookie, smokeParams(p), decision)).location;
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
