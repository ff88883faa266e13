/**
 * Identity is case- and form-insensitive where it is accepted (docs/contract.md "Emails"): the
 * email the tenant signed up with, upper-cased or padded with spaces, logs in to the same account.
 * (Sign-up's side is signup.duplicate_other_case; the OAuth sign-in page's is the oauth group's
 * identity.signin_page.upper_case_email.) Fresh logins of the run's tenant: no new sign-up.
 */
import { test } from '../../helpers/fixtures.js';
import { freshSession } from '../../helpers/checks/accounts.js';
import { Profile } from '../../helpers/schemas/index.js';

test('identity.login.other_case_and_spaces_same_account', async ({ http, check, ledger, tenant, urls }) => {
  const variants = [tenant.email.toUpperCase(), `  ${tenant.email.replace(/^./, (c) => c.toUpperCase())} `];
  const sessions = await Promise.all(
    variants.map((email, i) => freshSession(urls.admin, ledger, tenant, `auth:identity-${i}`, email)),
  );
  const profiles = await Promise.all(
    sessions.map(async (s) =>
      check.json(await (await http({ auth: { bearer: s.token } })).get('/account/profile'), 200, Profile),
    ),
  );
  for (const p of profiles)
    check.equal(p.id, tenant.id, 'account opened by a login with another form of the email');
  check.detail(
    `upper-cased and space-padded/capitalised email: both logins 200, both sessions open tenant #${tenant.id}`,
  );
});
