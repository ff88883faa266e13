/**
 * The SSRF group's positive control: a safe https base_url (a public address literal, so no DNS
 * is needed) is ACCEPTED at create and at update, so a service that refuses every base_url cannot
 * pass the ssrf.* checks. The service never connects on create or update (docs/contract.md), so
 * nothing is sent to that address.
 */
import { test } from '../../helpers/fixtures.js';
import { byokName, createByokConfig } from '../../helpers/checks/byok.js';
import { ByokConfig } from '../../helpers/schemas/index.js';

const SAFE = 'https://93.184.215.14/v1';
const SAFE_2 = 'https://93.184.215.15/openai/v1';

test('ssrf.control.safe_https_accepted', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, {
    name: byokName('ssrf-ok'),
    base_url: SAFE,
  });
  check.equal(config.base_url, SAFE, 'base_url stored at create');
  const updated = await check.json(
    await session.put(`/account/byok/${encodeURIComponent(config.id)}`, { data: { base_url: SAFE_2 } }),
    200,
    ByokConfig,
  );
  check.equal(updated.base_url, SAFE_2, 'base_url stored after the update');
  check.detail(`public https base_url accepted at create (201) and at update (200), stored as sent`);
});
