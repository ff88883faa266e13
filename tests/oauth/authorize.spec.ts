/**
 * /authorize: the unauthenticated bounce to a real sign-in page that keeps the request, and the
 * requests that must never yield a code (no PKCE, plain PKCE, unknown client, unregistered
 * redirect_uri, a denied consent). The negatives run signed in (the tenant's sign-in cookie), so
 * a service that skipped a rule would go on to consent instead of refusing.
 */
import type { APIResponse } from '@playwright/test';
import { test } from '../../helpers/fixtures.js';
import type { Check } from '../../helpers/check.js';
import {
  authorizePath,
  authorizeWithCookie,
  formsOf,
  newState,
  registerClient,
  tenantCookie,
} from '../../helpers/protocol/oauth-flow.js';
import { pkce } from '../../helpers/protocol/pkce.js';
import { signInFields, signInForm } from '../../helpers/protocol/signin-page.js';

test('authorize.unauthenticated.redirects_to_signin', async ({ anon, state, check, ledger }) => {
  const client = await registerClient(state.urls.admin, ledger);
  const { challenge } = pkce();
  const res = await anon.get(
    authorizePath({
      client_id: client.client_id,
      redirect_uri: client.redirect_uris[0]!,
      challenge,
      state: newState(),
    }),
  );
  await check.expectStatus(res, [302, 303]);
  const loc = res.headers()['location'];
  check.that(!!loc, `${res.status()} without a Location header`);
  const target = new URL(loc!, state.urls.admin);
  check.equal(target.origin, new URL(state.urls.admin).origin, 'origin redirected to (want the admin app)');
  check.that(
    !target.href.startsWith(client.redirect_uris[0]!),
    'redirected straight to the client without signing in',
  );
  check.that(!target.searchParams.has('code'), 'a code was issued without signing in');
  check.that(target.pathname !== '/authorize', 'redirected back to /authorize');
  check.detail(
    `no session: ${res.status()} -> ${target.pathname} (same origin, ${[...target.searchParams.keys()].join(', ') || 'no'} query), no code`,
  );
});

/** Every string a page could carry the preserved request in; a JWT-shaped value is decoded too. */
function carriedValues(url: URL, html: string): string {
  const values = [...url.searchParams.values()];
  for (const f of formsOf(html))
    for (const i of f.inputs) if (i.type === 'hidden' && i.value) values.push(i.value);
  const out: string[] = [];
  for (const v of values) {
    out.push(v);
    const parts = v.split('.');
    if (parts.length === 3 && parts.every((p) => /^[\w-]+$/.test(p))) {
      try {
        out.push(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
      } catch {
        // not a JWT after all
      }
    }
  }
  return out.join('\n');
}

test('signin_page.fields_labelled.request_preserved', async ({ anon, state, check, ledger }) => {
  const client = await registerClient(state.urls.admin, ledger);
  const { challenge } = pkce();
  const st = newState();
  const redirect_uri = client.redirect_uris[0]!;
  const start = await anon.get(
    authorizePath({ client_id: client.client_id, redirect_uri, challenge, state: st }),
  );
  const loc = start.headers()['location'];
  check.that(
    start.status() >= 300 && start.status() < 400 && !!loc,
    `precondition: unauthenticated /authorize ${start.status()}, no redirect`,
  );
  const pageUrl = new URL(loc!, state.urls.admin);
  const res = await anon.get(pageUrl.pathname + pageUrl.search, { headers: { accept: 'text/html' } });
  await check.expectStatus(res, 200);
  const type = res.headers()['content-type'] ?? '';
  check.that(/text\/html/i.test(type), `sign-in page content-type ${type || 'none'}, want text/html`);
  const html = await res.text();
  const form = signInForm(formsOf(html));
  check.that(!!form, 'no form with a password field on the sign-in page');
  const fields = signInFields(form!);
  check.that(
    form!.method === 'post',
    `sign-in form method ${form!.method}: a password must not travel in a URL`,
  );
  const labelled = (pred: (i: Record<string, string>) => boolean, what: string) => {
    const input = form!.inputs.find(pred);
    check.that(!!input, `no ${what} field`);
    check.that(
      !!input!.id && form!.labels.some((l) => l.for === input!.id && l.text.length > 0),
      `the ${what} field has no <label for="${input!.id ?? ''}">`,
    );
    return input!;
  };
  // Found by their role in the form, not their labels (helpers/protocol/signin-page.ts); then required labelled.
  const email = labelled((i) => !!i.name && i.name === fields.identifier, 'email');
  const password = labelled((i) => !!i.name && i.name === fields.password, 'password');
  const carried = carriedValues(pageUrl, html);
  const lost = Object.entries({
    state: st,
    client_id: client.client_id,
    redirect_uri,
    code_challenge: challenge,
  })
    .filter(([, v]) => !carried.includes(v))
    .map(([k]) => k);
  check.that(lost.length === 0, `the sign-in page lost ${lost.join(', ')} of the original request`);
  check.detail(
    `${pageUrl.pathname}: 200 html, POST form with labelled ${email.type ?? 'text'} "${email.name}" and password "${password.name}"; state, client_id, redirect_uri, code_challenge all carried`,
  );
});

/** A request /authorize must refuse: an error redirect to the client (no code) or a 4xx without Location; never on to sign-in or consent. */
async function expectRefused(
  check: Check,
  res: APIResponse,
  admin: string,
  redirectUri: string,
  st: string,
  wantError?: RegExp,
): Promise<string> {
  const status = res.status();
  check.status(status);
  const loc = res.headers()['location'];
  if (status >= 300 && status < 400) {
    check.that(!!loc, `${status} without Location`);
    const target = new URL(loc!, admin);
    check.that(target.origin !== new URL(admin).origin, `went on to ${target.pathname} instead of refusing`);
    check.that(
      target.href.startsWith(redirectUri),
      `redirected to ${target.origin}${target.pathname}, not the registered redirect_uri`,
    );
    check.that(!target.searchParams.has('code'), 'a code was issued');
    const error = target.searchParams.get('error');
    check.that(!!error, 'redirect to the client without an error parameter');
    if (wantError) check.that(wantError.test(error!), `error=${error}`);
    check.that(
      target.searchParams.get('state') === st,
      'error redirect without the client state (RFC 6749 §4.1.2.1)',
    );
    return `${status} to redirect_uri with error=${error}, state kept, no code`;
  }
  check.that(status >= 400 && status < 500, `answered ${status}`);
  check.that(!loc, `${status} carries a Location header`);
  return `${status} without Location, no code`;
}

test('authorize.missing_pkce.no_code', async ({ anon, state, check, ledger }) => {
  const cookie = await tenantCookie(state, ledger);
  const client = await registerClient(state.urls.admin, ledger);
  const st = newState();
  const redirect_uri = client.redirect_uris[0]!;
  const res = await anon.get(authorizePath({ client_id: client.client_id, redirect_uri, state: st }), {
    headers: { cookie },
  });
  const seen = await expectRefused(check, res, state.urls.admin, redirect_uri, st, /invalid_request/);
  check.detail(`signed in, no code_challenge: ${seen}`);
});

test('authorize.plain_pkce.no_code', async ({ anon, state, check, ledger }) => {
  // Only S256 is advertised; "plain" puts the verifier itself on the front channel.
  const cookie = await tenantCookie(state, ledger);
  const client = await registerClient(state.urls.admin, ledger);
  const st = newState();
  const redirect_uri = client.redirect_uris[0]!;
  const { verifier } = pkce();
  const res = await anon.get(
    authorizePath({
      client_id: client.client_id,
      redirect_uri,
      state: st,
      challenge: verifier,
      method: 'plain',
    }),
    { headers: { cookie } },
  );
  const seen = await expectRefused(check, res, state.urls.admin, redirect_uri, st, /invalid_request/);
  check.detail(`signed in, code_challenge_method=plain: ${seen}`);
});

test('authorize.unknown_client.no_redirect', async ({ anon, state, check, ledger }) => {
  const cookie = await tenantCookie(state, ledger);
  const { challenge } = pkce();
  const redirect_uri = 'http://127.0.0.1:47999/smoke-unverified';
  const res = await anon.get(
    authorizePath({ client_id: `smoke-unknown-${newState()}`, redirect_uri, challenge, state: newState() }),
    { headers: { cookie } },
  );
  const status = await check.expectStatus(res, [400, 401, 404]);
  check.that(
    !res.headers()['location'],
    `${status} carries a Location header: an unverified redirect_uri was followed`,
  );
  check.detail(
    `unregistered client_id -> ${status}, no Location (the unverified redirect_uri is never used)`,
  );
});

test('authorize.unregistered_redirect.no_redirect', async ({ anon, state, check, ledger }) => {
  const cookie = await tenantCookie(state, ledger);
  const client = await registerClient(state.urls.admin, ledger);
  const { challenge } = pkce();
  const other = `${client.redirect_uris[0]!}-not-registered`;
  const res = await anon.get(
    authorizePath({ client_id: client.client_id, redirect_uri: other, challenge, state: newState() }),
    { headers: { cookie } },
  );
  const status = await check.expectStatus(res, [400, 401, 403]);
  check.that(!res.headers()['location'], `${status} carries a Location header`);
  check.detail(
    `known client, redirect_uri not registered (prefix of a registered one + suffix) -> ${status}, no Location`,
  );
});

test('consent.deny.access_denied', async ({ state, check, ledger }) => {
  const cookie = await tenantCookie(state, ledger);
  const client = await registerClient(state.urls.admin, ledger);
  const { challenge } = pkce();
  const st = newState();
  const redirect_uri = client.redirect_uris[0]!;
  const { location, hops } = await authorizeWithCookie(
    state.urls.admin,
    cookie,
    { client_id: client.client_id, redirect_uri, challenge, state: st },
    'Deny',
  );
  check.status(302);
  check.that(
    location.href.startsWith(redirect_uri),
    `Deny sent the browser to ${location.origin}${location.pathname}, not the redirect_uri`,
  );
  check.that(!location.searchParams.has('code'), 'Deny still issued a code');
  check.equal(location.searchParams.get('error'), 'access_denied', 'denial redirect error');
  check.that(location.searchParams.get('state') === st, 'the denial lost the client state');
  check.detail(`${hops.join(' -> ')} -> Deny -> redirect_uri?error=access_denied, state kept, no code`);
});
