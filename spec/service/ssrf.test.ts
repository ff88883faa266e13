// SSRF classifier and connect-time guard, as units. No request ever leaves loopback: names are
// resolved by an injected fake resolver, and the only sockets opened are to servers started here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unsafeAddressReason } from '../../service/byok/ssrf/address.js';
import { checkBaseUrl, checkBaseUrlStatic } from '../../service/byok/ssrf/check-url.js';
import { guardedLookup, UnsafeAddressError } from '../../service/byok/ssrf/safe-dispatcher.js';
import type { Resolver, ResolvedAddress } from '../../service/byok/ssrf/resolve.js';
import { postToProvider } from '../../service/byok/provider/post.js';

/** A resolver that answers from a table and records every name asked (no DNS query is sent). */
function fakeResolver(table: Record<string, string[]>) {
  const asked: string[] = [];
  const resolve: Resolver = async (host) => {
    asked.push(host);
    const addrs = table[host];
    if (!addrs) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, asked };
}

const DNS = {
  'rebind.example': ['127.0.0.1'],
  'internal.example': ['10.1.2.3'],
  'mixed.example': ['93.184.215.14', '192.168.0.1'],
  'v6loop.example': ['::1'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'meta.example': ['169.254.169.254'],
  'api.openai.com': ['104.18.33.45', '2606:4700:4400::6812:212d'],
  'api.anthropic.com': ['160.79.104.10'],
};

// [base_url, what the reason must mention]
const REJECTED: [string, RegExp][] = [
  ['https://127.0.0.1/', /loopback/],
  ['https://2130706433/', /loopback/], // decimal
  ['https://0177.0.0.1/', /loopback/], // octal
  ['https://0x7f000001/', /loopback/], // hex
  ['https://0x7f.0x0.0x0.0x1/', /loopback/], // dotted hex
  ['https://017700000001/', /loopback/], // octal integer
  ['https://127.1/', /loopback/], // short form
  ['https://0x7f.1/', /loopback/],
  ['https://１２７.０.０.１/', /loopback/], // full-width digits (IDNA-mapped)
  ['https://127。0。0。1/', /loopback/], // ideographic full stops
  ['https://0/', /unspecified/],
  ['https://0.0.0.0/', /unspecified/],
  ['https://[::1]/', /loopback/],
  ['https://[::]/', /unspecified/],
  ['https://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['https://[::ffff:127.0.0.1]/', /IPv4-mapped/], // WHATWG rewrites to [::ffff:7f00:1]
  ['https://[::ffff:7f00:1]/', /IPv4-mapped/],
  ['https://[::ffff:169.254.169.254]/', /IPv4-mapped/],
  ['https://[::127.0.0.1]/', /not global unicast/], // IPv4-compatible, deprecated
  ['https://[64:ff9b::7f00:1]/', /NAT64.*127\.0\.0\.1.*loopback/],
  ['https://[64:ff9b::10.0.0.1]/', /NAT64.*private/],
  ['https://[2002:7f00:1::]/', /6to4.*127\.0\.0\.1/],
  ['https://[2002:c0a8:101::1]/', /6to4.*192\.168\.1\.1.*private/],
  ['https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', /teredo.*127\.0\.0\.1/], // client 127.0.0.1, XOR-encoded
  ['https://a@127.0.0.1/', /credentials/], // userinfo trick
  ['https://user:pw@example.com/', /credentials/],
  ['https://localhost/', /loopback/],
  ['https://LOCALHOST:8443/v1', /loopback/],
  ['https://localhost./', /loopback/], // trailing dot
  ['https://%6c%6fcalhost/', /loopback/], // percent-encoded name
  ['https://api.localhost/', /loopback/],
  ['https://10.0.0.1/', /private/],
  ['https://172.16.5.4/', /private/],
  ['https://172.31.255.255/', /private/],
  ['https://192.168.1.1/', /private/],
  ['https://169.254.169.254/latest/meta-data', /metadata/],
  ['https://169.254.10.10/', /link-local/],
  ['https://[fd00:ec2::254]/', /metadata/],
  ['https://metadata.google.internal/computeMetadata/v1', /metadata/],
  ['https://metadata.google.internal./', /metadata/],
  ['https://100.64.0.1/', /carrier-grade NAT/],
  ['https://100.100.100.200/', /metadata/],
  ['https://[fe80::1]/', /link-local/],
  ['https://[fc00::1]/', /unique-local/],
  ['https://[fd12:3456::1]/', /unique-local/],
  ['https://[ff02::1]/', /multicast/],
  ['https://224.0.0.1/', /multicast/],
  ['https://255.255.255.255/', /broadcast/],
  ['https://240.0.0.1/', /reserved/],
  ['https://192.0.2.1/', /reserved/],
  ['http://example.com/v1', /https/], // plain http outside the allowlist
  ['ftp://example.com/', /scheme/],
  ['file:///etc/passwd', /scheme/],
  ['https://example.com/v1?x=1', /query/],
  ['https://example.com/v1#frag', /fragment/],
  ['not a url', /valid absolute URL/],
  ['https://rebind.example/v1', /resolves to 127\.0\.0\.1.*loopback/],
  ['https://internal.example/', /resolves to 10\.1\.2\.3.*private/],
  ['https://mixed.example/', /resolves to 192\.168\.0\.1/], // one bad address is enough
  ['https://v6loop.example/', /resolves to ::1/],
  ['https://mapped.example/', /IPv4-mapped/],
  ['https://meta.example/', /metadata/],
  ['https://nowhere.example/', /does not resolve/], // fail closed
];

const ALLOWED = [
  'https://api.openai.com/v1',
  'https://api.anthropic.com',
  'https://8.8.8.8/v1',
  'https://[2606:4700:4700::1111]/v1',
  'https://[2002:808:808::1]/', // 6to4 embedding a public address
  'https://[64:ff9b::808:808]/', // NAT64 embedding a public address
];

describe('SSRF: base_url classifier (no network)', () => {
  for (const [url, why] of REJECTED) {
    test(`rejects ${url}`, async () => {
      const { resolve } = fakeResolver(DNS);
      const v = await checkBaseUrl(url, { allowHosts: [], resolve });
      assert.equal(v.ok, false, `${url} was accepted`);
      if (!v.ok) assert.match(v.reason, why);
    });
  }

  for (const url of ALLOWED) {
    test(`allows ${url}`, async () => {
      const { resolve } = fakeResolver(DNS);
      const v = await checkBaseUrl(url, { allowHosts: [], resolve });
      assert.equal(v.ok, true, v.ok ? '' : v.reason);
    });
  }

  test('IP literals and blocked names are decided without any DNS lookup', async () => {
    const { resolve, asked } = fakeResolver(DNS);
    for (const url of [
      'https://2130706433/',
      'https://[::1]/',
      'https://localhost/',
      'https://metadata.google.internal/',
      'https://8.8.8.8/',
    ]) {
      await checkBaseUrl(url, { allowHosts: [], resolve });
    }
    assert.deepEqual(asked, []);
  });

  test('every resolved address is checked, not only the first', async () => {
    const { resolve, asked } = fakeResolver(DNS);
    const v = await checkBaseUrl('https://mixed.example/', { allowHosts: [], resolve });
    assert.equal(v.ok, false);
    assert.deepEqual(asked, ['mixed.example']);
  });

  test('the allowlist admits exactly its host:port, http included, after URL normalization', () => {
    const allow = ['127.0.0.1:5555'];
    assert.equal(checkBaseUrlStatic('http://127.0.0.1:5555/v1', allow).ok, true);
    assert.equal(checkBaseUrlStatic('http://2130706433:5555/v1', allow).ok, true); // same host, other spelling
    assert.equal(checkBaseUrlStatic('http://127.0.0.1:5556/v1', allow).ok, false);
    assert.equal(checkBaseUrlStatic('https://127.0.0.1/v1', allow).ok, false);
    assert.equal(checkBaseUrlStatic('http://[::1]:5555/v1', allow).ok, false);
    assert.equal(checkBaseUrlStatic('http://u@127.0.0.1:5555/v1', allow).ok, false); // userinfo still refused
    assert.equal(checkBaseUrlStatic('http://127.0.0.1:5555/v1', ['127.1:5555']).ok, true); // entry normalized too
    assert.equal(checkBaseUrlStatic('http://127.0.0.1:5555/v1', []).ok, false); // empty by default
  });

  test('unsafeAddressReason: public unicast passes, every special range has a reason', () => {
    for (const ok of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])
      assert.equal(unsafeAddressReason(ok), null, ok);
    for (const bad of [
      '127.0.0.1',
      '10.0.0.1',
      '::1',
      '::',
      'fe80::1%1',
      '::ffff:10.0.0.1',
      '0.1.2.3',
      '198.18.0.1',
      '2001:db8::1',
    ])
      assert.ok(unsafeAddressReason(bad), bad);
  });
});

describe('SSRF: connect-time lookup guard (DNS rebinding)', () => {
  const lookupOnce = (resolve: Resolver, host: string, options: { all?: boolean; family?: number }) =>
    new Promise<{ err: Error | null; address: string | ResolvedAddress[]; family?: number }>((done) => {
      guardedLookup(resolve)(host, options as never, (err, address, family) =>
        done({ err, address, family }),
      );
    });

  test('refuses a name that now resolves to loopback', async () => {
    const { resolve } = fakeResolver(DNS);
    const r = await lookupOnce(resolve, 'rebind.example', { all: true });
    assert.ok(r.err instanceof UnsafeAddressError);
    assert.match(r.err!.message, /127\.0\.0\.1.*loopback/);
  });

  test('refuses when any one of several addresses is private', async () => {
    const { resolve } = fakeResolver(DNS);
    const r = await lookupOnce(resolve, 'mixed.example', {});
    assert.ok(r.err instanceof UnsafeAddressError);
  });

  test('passes public addresses through in both callback shapes (no socket is opened here)', async () => {
    const { resolve } = fakeResolver(DNS);
    const all = await lookupOnce(resolve, 'api.openai.com', { all: true });
    assert.equal(all.err, null);
    assert.equal((all.address as ResolvedAddress[]).length, 2);
    const one = await lookupOnce(resolve, 'api.openai.com', { family: 6 });
    assert.equal(one.address, '2606:4700:4400::6812:212d');
    assert.equal(one.family, 6);
  });
});

describe('SSRF: the provider client (loopback servers only)', () => {
  let canary: http.Server;
  let canaryPort = 0;
  let canaryConnections = 0;
  let provider: http.Server;
  let providerPort = 0;
  const KEY = 'sk-unit-secret-key-0123456789';

  before(async () => {
    canary = http.createServer((_req, res) => res.end('{}'));
    canary.on('connection', () => canaryConnections++);
    await new Promise<void>((r) => canary.listen(0, '::', r)); // dual stack: catches 127.0.0.1 and ::1
    canaryPort = (canary.address() as AddressInfo).port;
    provider = http.createServer((req, res) => {
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: `http://127.0.0.1:${canaryPort}/v1/chat/completions` }).end();
      } else if (req.url?.startsWith('/echo-key')) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `bad key ${req.headers.authorization}` } }));
      } else if (req.url?.startsWith('/hang')) {
        /* never answers */
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"choices":[{"message":{"content":"ok"}}]}');
      }
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    providerPort = (provider.address() as AddressInfo).port;
  });
  after(() => {
    canary.closeAllConnections();
    provider.closeAllConnections();
    canary.close();
    provider.close();
  });

  const post = (url: string, extra: Partial<Parameters<typeof postToProvider>[0]> = {}) =>
    postToProvider({
      url,
      headers: { authorization: `Bearer ${KEY}` },
      body: { ping: 1 },
      allowHosts: [`127.0.0.1:${providerPort}`],
      ...extra,
    });

  test('a name that rebinds to loopback is refused at connect time: the canary sees no connection', async () => {
    const { resolve } = fakeResolver({ 'rebind.test': ['127.0.0.1'] });
    const r = await post(`https://rebind.test:${canaryPort}/v1/chat/completions`, { resolve });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, 'unsafe_base_url');
      assert.match(r.message, /connect time.*127\.0\.0\.1/);
    }
    assert.equal(canaryConnections, 0);
  });

  test('IP literals (which skip lookup) are refused before dialling', async () => {
    for (const url of [
      `https://127.0.0.1:${canaryPort}/x`,
      `https://[::1]:${canaryPort}/x`,
      `https://2130706433:${canaryPort}/x`,
      `http://127.0.0.1:${canaryPort}/x`,
    ]) {
      const r = await post(url);
      assert.equal(r.ok, false, url);
      if (!r.ok) assert.equal(r.kind, 'unsafe_base_url');
    }
    assert.equal(canaryConnections, 0);
  });

  test('an allowlisted loopback provider is reachable', async () => {
    const r = await post(`http://127.0.0.1:${providerPort}/v1/chat/completions`);
    assert.equal(r.ok, true);
  });

  test('a redirect is not followed (even from an allowlisted host): provider_error, canary untouched', async () => {
    const r = await post(`http://127.0.0.1:${providerPort}/redirect`);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, 'provider_error');
      assert.match(r.message, /302.*redirects are not followed/);
    }
    assert.equal(canaryConnections, 0);
  });

  test('a provider error never carries the key, even when the provider echoes it', async () => {
    const r = await post(`http://127.0.0.1:${providerPort}/echo-key`);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.message, 'provider answered 401 Unauthorized');
      assert.ok(!r.message.includes(KEY));
    }
  });

  test('a provider that never answers times out', async () => {
    const r = await post(`http://127.0.0.1:${providerPort}/hang`, { timeoutMs: 300 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /did not answer within 0\.3 s/);
  });
});
