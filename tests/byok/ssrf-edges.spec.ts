/**
 * SSRF at the edges of every refused range (docs/contract.md "BYOK": loopback, private,
 * link-local, CGNAT, unique-local, multicast, unspecified, metadata), at the first and last
 * address where a hand-written prefix or an off-by-one mask would let one through, and the IPv6
 * forms that carry an IPv4 address. Every host here is an IP literal or a name the contract
 * refuses outright: the service decides without DNS and never connects on create.
 */
import { test } from '../../helpers/fixtures.js';
import { byokName, dummyProviderKey } from '../../helpers/checks/byok.js';
import { ErrorEnvelope } from '../../helpers/schemas/index.js';

/** [host as written in https://<host>/v1, the range it belongs to]. */
const EDGES: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0', 'unspecified 0.0.0.0/8, first'],
  ['0.255.255.255', '0.0.0.0/8, last'],
  ['10.255.255.255', 'private 10/8, last'],
  ['172.16.0.0', 'private 172.16/12, first'],
  ['172.31.255.255', 'private 172.16/12, last'],
  ['192.168.0.0', 'private 192.168/16, first'],
  ['192.168.255.255', 'private 192.168/16, last'],
  ['100.64.0.0', 'CGNAT 100.64/10, first'],
  ['100.127.255.255', 'CGNAT 100.64/10, last'],
  ['169.254.0.0', 'link-local 169.254/16, first'],
  ['169.254.255.255', 'link-local 169.254/16, last'],
  ['127.255.255.254', 'loopback 127/8, near last'],
  ['224.0.0.1', 'multicast 224/4, first'],
  ['239.255.255.255', 'multicast 224/4, last'],
  ['255.255.255.255', 'broadcast'],
  ['100.100.100.200', 'metadata (Alibaba)'],
  ['169.254.170.2', 'metadata (AWS ECS)'],
  ['[::]', 'unspecified ::'],
  ['[fc00::1]', 'unique-local fc00::/7, first'],
  ['[fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]', 'unique-local fc00::/7, last'],
  ['[fe80::1]', 'link-local fe80::/10, first'],
  ['[febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff]', 'link-local fe80::/10, last'],
  ['[ff02::1]', 'multicast ff00::/8'],
  ['[fd00:ec2::254]', 'metadata (AWS IMDS IPv6)'],
  ['[::127.0.0.1]', 'IPv4-compatible ::127.0.0.1'],
  ['[::ffff:10.0.0.1]', 'IPv4-mapped private'],
  ['[64:ff9b::10.0.0.1]', 'NAT64 embedding 10.0.0.1'],
  ['[2002:c0a8:101::1]', '6to4 embedding 192.168.1.1'],
  ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'Teredo, client 192.0.2.45'],
  ['localhost.', 'localhost with the root dot'],
  ['metadata.google.internal', 'metadata name (GCP)'],
];

test('ssrf.create_rejects.every_range_first_last', async ({ session, check, ledger }) => {
  const responses = await Promise.all(
    EDGES.map(([host], i) =>
      session.post('/account/byok', {
        data: {
          name: byokName(`ssrf-edge-${i}`),
          provider: 'openai',
          base_url: `https://${host}/v1`,
          api_key: dummyProviderKey(),
          model: 'gpt-4o-mini',
        },
      }),
    ),
  );
  const slipped: string[] = [];
  const codes = new Set<string>();
  for (const [i, res] of responses.entries()) {
    const [host, what] = EDGES[i]!;
    const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
    if (res.status() === 201 && body?.id !== undefined) ledger.add({ kind: 'byok', id: String(body.id) });
    const env = ErrorEnvelope.safeParse(body);
    if (res.status() !== 400 || !env.success || env.data.error.code === 'invalid_json')
      slipped.push(`${host} (${what}) -> ${res.status()}`);
    else codes.add(env.data.error.code);
  }
  check.status(slipped.length ? 201 : 400);
  check.that(
    slipped.length === 0,
    `${slipped.length} of ${EDGES.length} refused-range base_urls not refused: ${slipped.slice(0, 3).join('; ')}`,
  );
  check.detail(
    `${EDGES.length} base_urls at the first/last address of every refused range (v4, v6, v4-in-v6, names) -> 400 ${[...codes].join('/')}`,
  );
});
