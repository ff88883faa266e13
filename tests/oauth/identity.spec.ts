/**
 * The OAuth sign-in page accepts the email in any case (docs/contract.md "Emails"), like /auth/login.
 */
import { test } from '../../helpers/fixtures.js';
import {
  authorizeWithCookie,
  newState,
  registerClient,
  signInOverHttp,
} from '../../helpers/protocol/oauth-flow.js';
import { pkce } from '../../helpers/protocol/pkce.js';

test('identity.signin_page.upper_case_email', async ({ state, check, ledger, tenant, urls }) => {
  const cookie = await signInOverHttp(urls.admin, ledger, {
    email: tenant.email.toUpperCase(),
    password: tenant.password,
  });
  const client = await registerClient(urls.admin, ledger);
  const { challenge } = pkce();
  const { location, hops } = await authorizeWithCookie(state.urls.admin, cookie, {
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0]!,
    challenge,
    state: newState(),
  });
  check.status(302);
  check.that(
    location.searchParams.has('code'),
    `signed in with the upper-cased email, consent gave no code (error ${location.searchParams.get('error') ?? 'none'})`,
  );
  check.detail(`sign-in form with the upper-cased email -> cookie; ${hops.join(' -> ')} -> Allow -> code`);
});
