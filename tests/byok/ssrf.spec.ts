/**
 * SSRF: a base_url that is, or spells, a loopback / private / link-local / metadata address is
 * refused at create AND at update, in every encoding a URL parser accepts, and a refused update
 * leaves the config set as it was. The service never connects on create/update, so these requests
 * cause no traffic to the addresses named (design.md §6). One check per encoding at create, so the
 * line names the encoding that slipped through.
 */
import { test } from '../../helpers/fixtures.js';
import { byokName, createByokConfig, dummyProviderKey } from '../../helpers/checks/byok.js';
import { ByokConfig, ErrorEnvelope } from '../../helpers/schemas/index.js';

/** [check-name suffix, base_url, what it is]. */
const UNSAFE: ReadonlyArray<readonly [string, string, string]> = [
  ['http_loopback', 'http://127.0.0.1/v1', 'plain http to 127.0.0.1'],
  ['short_127_1', 'https://127.1/v1', '127.1 (short dotted form)'],
  ['decimal_2130706433', 'https://2130706433/v1', '2130706433 (32-bit decimal)'],
  ['hex_0x7f000001', 'https://0x7f000001/v1', '0x7f000001 (hex)'],
  ['octal_0177', 'https://0177.0.0.1/v1', '0177.0.0.1 (octal)'],
  ['ipv6_loopback', 'https://[::1]/v1', '[::1]'],
  ['ipv4_mapped_ipv6', 'https://[::ffff:127.0.0.1]/v1', '[::ffff:127.0.0.1] (IPv4-mapped)'],
  ['localhost', 'https://localhost/v1', 'localhost'],
  ['sub_localhost', 'https://foo.localhost/v1', 'foo.localhost (*.localhost)'],
  ['userinfo_loopback', 'https://a@127.0.0.1/v1', 'a@127.0.0.1 (userinfo hiding the host)'],
  ['metadata_169_254', 'https://169.254.169.254/latest', '169.254.169.254 (cloud metadata)'],
  ['private_10', 'https://10.0.0.1/v1', '10.0.0.1 (RFC 1918)'],
];

for (const [label, url, what] of UNSAFE) {
  test(`ssrf.create_rejects.${label}`, async ({ session, check, ledger }) => {
    const name = byokName(`ssrf-${label.replace(/_/g, '-')}`.slice(0, 40));
    const res = await session.post('/account/byok', {
      data: { name, provider: 'openai', base_url: url, api_key: dummyProviderKey(), model: 'gpt-4o-mini' },
    });
    if (res.status() === 201) {
      const slipped = (await res.json()) as { id?: unknown; base_url?: unknown };
      if (slipped.id !== undefined) ledger.add({ kind: 'byok', id: String(slipped.id) });
      check.status(201);
      check.that(false, `${what} ACCEPTED at create (201, stored base_url ${String(slipped.base_url)})`);
    }
    const body = await check.json(res, 400, ErrorEnvelope);
    check.that(
      body.error.code !== 'invalid_json',
      `${what}: 400 ${body.error.code} (the request itself was refused, not the URL)`,
    );
    check.detail(`${what} -> 400 ${body.error.code}`);
  });
}

test('ssrf.update_rejects_and_unchanged', async ({ session, check, ledger }) => {
  const { config } = await createByokConfig(session, check, ledger, { name: byokName('ssrf-upd') });
  const slipped: string[] = [];
  const codes = new Set<string>();
  for (const [, url, what] of UNSAFE) {
    const res = await session.put(`/account/byok/${encodeURIComponent(config.id)}`, {
      data: { base_url: url },
    });
    if (res.status() !== 400) {
      slipped.push(`${what} (${res.status()})`);
      continue;
    }
    const env = ErrorEnvelope.safeParse(await res.json().catch(() => null));
    if (!env.success) slipped.push(`${what} (400 without the error envelope)`);
    else codes.add(env.data.error.code);
  }
  check.status(slipped.length ? 200 : 400);
  const got = await check.json(
    await session.get(`/account/byok/${encodeURIComponent(config.id)}`),
    200,
    ByokConfig,
  );
  check.that(
    slipped.length === 0,
    `PUT base_url accepted ${slipped.length} of ${UNSAFE.length}; first: ${slipped[0]}; config base_url now ${got.base_url}`,
  );
  for (const f of ['base_url', 'provider', 'model', 'api_key_masked', 'name'] as const)
    check.equal(got[f], config[f], `${f} after the refused updates`);
  check.status(400);
  check.detail(
    `all ${UNSAFE.length} unsafe base_urls refused at PUT (400 ${[...codes].join('/')}); base_url still ${got.base_url ?? 'null'}`,
  );
});
