// BYOK config sets over HTTP on both dialects, against a fake OpenAI/Anthropic-compatible provider
// on 127.0.0.1 that records every request, plus a "canary" server that must never see a connection
// (every rejected base_url points at it). Also units for key encryption and composeWithProvider.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FLAVORS, call, startService, type RunningService } from '../lib/service.js';
import { decryptApiKey, encryptApiKey, maskApiKey } from '../../service/byok/key-crypto.js';
import { composeWithProvider } from '../../service/byok/compose.js';
import type { AppContext } from '../../service/context.js';
import type { ByokConfig } from '../../service/db/schema.js';

const GOOD_KEY = 'sk-good-0123456789abcdefWXYZ';
const BAD_KEY = 'sk-bad-9876543210fedcbaQRST';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** An OpenAI- and Anthropic-compatible provider on loopback that records requests. */
async function startFakeProvider() {
  const requests: Recorded[] = [];
  const state = { failWith: 0, canaryPort: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: any = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep raw */
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const json = (status: number, obj: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
      if (req.url?.startsWith('/redirect')) {
        return res
          .writeHead(302, { location: `http://127.0.0.1:${state.canaryPort}/v1/chat/completions` })
          .end();
      }
      const anthropic = req.url === '/v1/messages';
      const key = anthropic
        ? req.headers['x-api-key']
        : String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      // Real providers echo part of a wrong key in the error body; the service must not pass it on.
      if (state.failWith || key !== GOOD_KEY)
        return json(state.failWith || 401, { error: { message: `Incorrect API key provided: ${key}` } });
      if (anthropic)
        return json(200, { content: [{ type: 'text', text: `anthropic answer for ${body?.model}` }] });
      if (req.url === '/v1/chat/completions')
        return json(200, { choices: [{ message: { content: `openai answer for ${body?.model}` } }] });
      json(404, { error: { message: 'no such route' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, requests, state, port: (server.address() as AddressInfo).port };
}

/** Counts connections on both stacks; every rejected base_url targets this port. */
async function startCanary() {
  const counter = { connections: 0 };
  const server = http.createServer((_req, res) => res.end('{}'));
  server.on('connection', () => counter.connections++);
  await new Promise<void>((r) => server.listen(0, '::', r));
  return { server, counter, port: (server.address() as AddressInfo).port };
}

const close = (s: http.Server) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())));

/** Names in /etc/hosts that map to loopback (other than localhost): "names resolving there". */
function loopbackHostNames(): string[] {
  try {
    return fs
      .readFileSync('/etc/hosts', 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim().split(/\s+/))
      .filter((f) => f.length > 1 && /^(127\.|::1$)/.test(f[0]))
      .flatMap((f) => f.slice(1))
      .filter((n) => !/localhost/i.test(n) && /^[a-z0-9.-]+$/i.test(n))
      .slice(0, 3);
  } catch {
    return [];
  }
}

function unsafeEncodings(port: number): string[] {
  return [
    `https://127.0.0.1:${port}/v1`,
    `https://2130706433:${port}/v1`,
    `https://0177.0.0.1:${port}/v1`,
    `https://0x7f000001:${port}/v1`,
    `https://127.1:${port}/v1`,
    `https://0:${port}/v1`,
    `https://[::1]:${port}/v1`,
    `https://[::]:${port}/v1`,
    `https://[::ffff:127.0.0.1]:${port}/v1`,
    `https://a@127.0.0.1:${port}/v1`,
    `https://localhost:${port}/v1`,
    `https://localhost.:${port}/v1`,
    `https://api.localhost:${port}/v1`,
    `http://127.0.0.1:${port}/v1`,
    ...loopbackHostNames().map((n) => `https://${n}:${port}/v1`),
    // Private and metadata targets: allowed here only because create provably never connects.
    'https://169.254.169.254/latest/meta-data',
    'https://metadata.google.internal/computeMetadata/v1',
    'https://10.0.0.1/v1',
  ];
}

for (const flavor of FLAVORS) {
  describe(`byok over HTTP on ${flavor}`, () => {
    let svc: RunningService;
    let provider: Awaited<ReturnType<typeof startFakeProvider>>;
    let canary: Awaited<ReturnType<typeof startCanary>>;
    let tokenA = '';
    let tokenB = '';
    const seen: string[] = []; // every response body, to prove no key is ever echoed
    let base = '';

    const api = async (path: string, init: Parameters<typeof call>[1] = {}) => {
      const r = await call(`${svc.adminUrl}/account/byok${path}`, { token: tokenA, ...init });
      seen.push(r.text);
      return r;
    };
    const create = (body: Record<string, unknown>, token = tokenA) =>
      api('', { method: 'POST', body, token });
    const signup = async (tag: string) => {
      const r = await call(`${svc.adminUrl}/auth/signup`, {
        body: {
          email: `byok-${tag}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@engram-smoke.test`,
          password: 'correct horse battery',
        },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.token as string;
    };

    before(async () => {
      provider = await startFakeProvider();
      canary = await startCanary();
      provider.state.canaryPort = canary.port;
      base = `http://127.0.0.1:${provider.port}`;
      svc = await startService(flavor, { BYOK_ALLOW_HOSTS: `127.0.0.1:${provider.port}` });
      tokenA = await signup('a');
      tokenB = await signup('b');
    });
    after(async () => {
      await svc?.stop();
      if (provider) await close(provider.server);
      if (canary) await close(canary.server);
    });

    test('create -> 201 with the wire shape, the key masked, and no request to the provider', async () => {
      const before = provider.requests.length;
      const r = await create({
        name: 'primary',
        provider: 'openai',
        api_key: GOOD_KEY,
        model: 'gpt-4o-mini',
      });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(Object.keys(r.body).sort(), [
        'api_key_masked',
        'base_url',
        'byok_validated_at',
        'created_at',
        'id',
        'model',
        'name',
        'overrides',
        'provider',
        'updated_at',
      ]);
      assert.equal(r.body.api_key_masked, 'sk-…WXYZ');
      assert.equal(r.body.base_url, 'https://api.openai.com/v1'); // the default, shown as what will be called
      assert.deepEqual(r.body.overrides, {});
      assert.equal(r.body.byok_validated_at, null);
      assert.match(r.body.created_at, ISO);
      assert.ok(!r.text.includes(GOOD_KEY));
      assert.equal(provider.requests.length, before);
    });

    test('list (what the portal reads) and get: masked key, never the key', async () => {
      const list = await api('');
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.body.byok_configs));
      const row = list.body.byok_configs.find((c: any) => c.name === 'primary');
      assert.ok(row, list.text);
      assert.equal(row.api_key_masked, 'sk-…WXYZ');
      assert.equal('api_key' in row || 'api_key_encrypted' in row, false);
      const one = await api(`/${row.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.body, row);
    });

    test('credentials: none -> 401; an API key works like a session', async () => {
      const none = await call(`${svc.adminUrl}/account/byok`);
      assert.equal(none.status, 401);
      assert.equal(none.body.error.code, 'unauthenticated');
      const bogus = await call(`${svc.adminUrl}/account/byok`, { token: 'egk_' + 'x'.repeat(40) });
      assert.equal(bogus.status, 401);
      const key = await call(`${svc.adminUrl}/account/api-keys`, {
        token: tokenA,
        body: { name: 'byok-test' },
      });
      assert.equal(key.status, 201, key.text);
      const viaKey = await api('', { token: key.body.key });
      assert.equal(viaKey.status, 200);
      assert.ok(viaKey.body.byok_configs.some((c: any) => c.name === 'primary'));
      const made = await create(
        { name: 'via-api-key', provider: 'anthropic', api_key: GOOD_KEY, model: 'claude-x' },
        key.body.key,
      );
      assert.equal(made.status, 201, made.text);
      assert.equal(made.body.base_url, 'https://api.anthropic.com');
    });

    test('bad input -> 400 naming the field; a wrong method -> 405 with Allow', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ provider: 'openai', api_key: GOOD_KEY, model: 'm' }, /name/],
        [{ name: 'x', provider: 'cohere', api_key: GOOD_KEY, model: 'm' }, /provider/],
        [{ name: 'x', provider: 'openai', api_key: 'short', model: 'm' }, /api_key/],
        [{ name: 'x', provider: 'openai', api_key: GOOD_KEY, model: '' }, /model/],
        [{ name: 'has space', provider: 'openai', api_key: GOOD_KEY, model: 'm' }, /name/],
      ];
      for (const [body, field] of cases) {
        const r = await create(body);
        assert.equal(r.status, 400, r.text);
        assert.equal(r.body.error.code, 'invalid_request');
        assert.match(r.body.error.message, field);
      }
      const notJson = await api('', {
        method: 'POST',
        raw: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(notJson.status, 415);
      const patch = await api('', { method: 'PATCH', body: {} });
      assert.equal(patch.status, 405);
      assert.match(patch.headers.get('allow') ?? '', /GET.*POST|POST.*GET/);
    });

    test('duplicate name per tenant -> 409, on create and on rename; another tenant may reuse it', async () => {
      const dup = await create({ name: 'primary', provider: 'openai', api_key: GOOD_KEY, model: 'm' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'conflict');
      const other = await create({ name: 'rename-me', provider: 'openai', api_key: GOOD_KEY, model: 'm' });
      const rename = await api(`/${other.body.id}`, { method: 'PUT', body: { name: 'primary' } });
      assert.equal(rename.status, 409);
      const b = await create({ name: 'primary', provider: 'openai', api_key: GOOD_KEY, model: 'm' }, tokenB);
      assert.equal(b.status, 201);
    });

    test("another tenant's id and an unknown id -> 404 on every route", async () => {
      const mine = (await api('')).body.byok_configs.find((c: any) => c.name === 'primary');
      for (const id of [mine.id, 'no-such-id']) {
        const asB = { token: tokenB };
        const results = [
          await api(`/${id}`, asB),
          await api(`/${id}`, { ...asB, method: 'PUT', body: { model: 'stolen' } }),
          await api(`/${id}/validate`, { ...asB, method: 'POST' }),
          await api(`/${id}/overrides/composer`, { ...asB, method: 'PUT', body: { model: 'x' } }),
          await api(`/${id}/overrides/composer`, { ...asB, method: 'DELETE' }),
          await api(`/${id}`, { ...asB, method: 'DELETE' }),
        ];
        for (const r of results) {
          assert.equal(r.status, 404, r.text);
          assert.equal(r.body.error.code, 'not_found');
        }
      }
      const still = await api(`/${mine.id}`);
      assert.equal(still.body.model, 'gpt-4o-mini');
      const listB = await api('', { token: tokenB });
      assert.ok(!listB.body.byok_configs.some((c: any) => c.id === mine.id));
    });

    test('PUT is partial; a new key changes the mask and is never echoed', async () => {
      const made = await create({ name: 'partial', provider: 'openai', api_key: GOOD_KEY, model: 'm1' });
      const r = await api(`/${made.body.id}`, { method: 'PUT', body: { model: 'm2' } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.model, 'm2');
      assert.equal(r.body.name, 'partial');
      assert.equal(r.body.api_key_masked, 'sk-…WXYZ');
      const k = await api(`/${made.body.id}`, { method: 'PUT', body: { api_key: BAD_KEY } });
      assert.equal(k.body.api_key_masked, 'sk-…QRST');
      assert.ok(!k.text.includes(BAD_KEY));
      const empty = await api(`/${made.body.id}`, { method: 'PUT', body: {} });
      assert.equal(empty.status, 400);
    });

    test('overrides round-trip per component; unknown component 400; delete removes one', async () => {
      const made = await create({ name: 'overrides', provider: 'openai', api_key: GOOD_KEY, model: 'm' });
      const id = made.body.id;
      const c = await api(`/${id}/overrides/composer`, {
        method: 'PUT',
        body: { model: 'gpt-4o', params: { temperature: 0.2, max_tokens: 64 } },
      });
      assert.equal(c.status, 200, c.text);
      assert.deepEqual(c.body.overrides.composer, {
        model: 'gpt-4o',
        params: { temperature: 0.2, max_tokens: 64 },
      });
      const e = await api(`/${id}/overrides/embedder`, {
        method: 'PUT',
        body: { model: 'text-embedding-3-small' },
      });
      assert.deepEqual(e.body.overrides, {
        composer: { model: 'gpt-4o', params: { temperature: 0.2, max_tokens: 64 } },
        embedder: { model: 'text-embedding-3-small' },
      });
      assert.deepEqual((await api(`/${id}`)).body.overrides, e.body.overrides);
      const bad = await api(`/${id}/overrides/tokenizer`, { method: 'PUT', body: { model: 'x' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /component/);
      const emptyBody = await api(`/${id}/overrides/reranker`, { method: 'PUT', body: {} });
      assert.equal(emptyBody.status, 400);
      const del = await api(`/${id}/overrides/composer`, { method: 'DELETE' });
      assert.equal(del.status, 200);
      assert.deepEqual(del.body.overrides, { embedder: { model: 'text-embedding-3-small' } });
      assert.deepEqual((await api(`/${id}`)).body.overrides, {
        embedder: { model: 'text-embedding-3-small' },
      });
      const wrong = await api(`/${id}/overrides/composer`, { method: 'GET' });
      assert.equal(wrong.status, 405);
    });

    test('allowlisted loopback is accepted at create (any spelling of it, stored normalized)', async () => {
      const r = await create({
        name: 'local-openai',
        provider: 'openai',
        base_url: `http://2130706433:${provider.port}/v1/`,
        api_key: GOOD_KEY,
        model: 'fake-model',
      });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.body.base_url, `${base}/v1`);
    });

    test('validate (openai-compatible): one real one-token request, byok_validated_at recorded as ISO', async () => {
      const id = (await api('')).body.byok_configs.find((c: any) => c.name === 'local-openai').id;
      const before = provider.requests.length;
      const r = await api(`/${id}/validate`, { method: 'POST' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.ok, true);
      assert.equal(typeof r.body.latency_ms, 'number');
      assert.match(r.body.byok_validated_at, ISO);
      const sent = provider.requests.slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0].method, 'POST');
      assert.equal(sent[0].url, '/v1/chat/completions');
      assert.equal(sent[0].headers.authorization, `Bearer ${GOOD_KEY}`);
      assert.deepEqual(sent[0].body, {
        model: 'fake-model',
        max_tokens: 1,
        messages: [{ role: 'user', content: 'ping' }],
      });
      const after = await api(`/${id}`);
      assert.equal(after.body.byok_validated_at, r.body.byok_validated_at); // same string on read
      assert.ok(!r.text.includes(GOOD_KEY));
    });

    test('validate (anthropic): /v1/messages with x-api-key and anthropic-version', async () => {
      const made = await create({
        name: 'local-anthropic',
        provider: 'anthropic',
        base_url: base,
        api_key: GOOD_KEY,
        model: 'claude-fake',
      });
      assert.equal(made.status, 201, made.text);
      const before = provider.requests.length;
      const r = await api(`/${made.body.id}/validate`, { method: 'POST' });
      assert.equal(r.status, 200, r.text);
      assert.match(r.body.byok_validated_at, ISO);
      const [sent] = provider.requests.slice(before);
      assert.equal(sent.url, '/v1/messages');
      assert.equal(sent.headers['x-api-key'], GOOD_KEY);
      assert.equal(sent.headers['anthropic-version'], '2023-06-01');
      assert.equal(sent.headers.authorization, undefined);
      assert.equal(sent.body.max_tokens, 1);
      assert.equal(sent.body.model, 'claude-fake');
    });

    test('provider 401 -> 502 provider_error without the key; byok_validated_at unchanged', async () => {
      const made = await create({
        name: 'wrong-key',
        provider: 'openai',
        base_url: `${base}/v1`,
        api_key: BAD_KEY,
        model: 'm',
      });
      const r = await api(`/${made.body.id}/validate`, { method: 'POST' });
      assert.equal(r.status, 502, r.text);
      assert.equal(r.body.error.code, 'provider_error');
      assert.match(r.body.error.message, /401/);
      assert.ok(!r.text.includes(BAD_KEY) && !r.text.includes(BAD_KEY.slice(3, -4)));
      assert.equal((await api(`/${made.body.id}`)).body.byok_validated_at, null);

      // A validated config that starts failing keeps its previous timestamp.
      const ok = (await api('')).body.byok_configs.find((c: any) => c.name === 'local-openai');
      assert.match(ok.byok_validated_at, ISO);
      provider.state.failWith = 401;
      try {
        const again = await api(`/${ok.id}/validate`, { method: 'POST' });
        assert.equal(again.status, 502);
      } finally {
        provider.state.failWith = 0;
      }
      assert.equal((await api(`/${ok.id}`)).body.byok_validated_at, ok.byok_validated_at);
    });

    test('a provider redirect is not followed: 502, and the redirect target sees nothing', async () => {
      const made = await create({
        name: 'redirects',
        provider: 'openai',
        base_url: `${base}/redirect`,
        api_key: GOOD_KEY,
        model: 'm',
      });
      const r = await api(`/${made.body.id}/validate`, { method: 'POST' });
      assert.equal(r.status, 502);
      assert.match(r.body.error.message, /302.*redirects are not followed/);
      assert.equal(canary.counter.connections, 0);
    });

    test('SSRF: every unsafe encoding is rejected at create (400 unsafe_base_url), nothing connected', async () => {
      const before = { provider: provider.requests.length, rows: (await api('')).body.byok_configs.length };
      for (const [i, url] of unsafeEncodings(canary.port).entries()) {
        const r = await create({
          name: `ssrf-${i}`,
          provider: 'openai',
          base_url: url,
          api_key: GOOD_KEY,
          model: 'm',
        });
        assert.equal(r.status, 400, `${url}: ${r.text}`);
        assert.equal(r.body.error.code, 'unsafe_base_url', url);
        assert.match(
          r.body.error.message,
          /loopback|credentials|https|metadata|private|unspecified|IPv4-mapped/,
          url,
        );
      }
      assert.equal((await api('')).body.byok_configs.length, before.rows);
      assert.equal(provider.requests.length, before.provider);
      assert.equal(canary.counter.connections, 0);
    });

    test('SSRF: the same encodings are rejected at update, and base_url stays unchanged', async () => {
      const made = await create({
        name: 'ssrf-update',
        provider: 'openai',
        base_url: `${base}/v1`,
        api_key: GOOD_KEY,
        model: 'm',
      });
      const before = provider.requests.length;
      for (const url of unsafeEncodings(canary.port)) {
        const r = await api(`/${made.body.id}`, { method: 'PUT', body: { base_url: url } });
        assert.equal(r.status, 400, `${url}: ${r.text}`);
        assert.equal(r.body.error.code, 'unsafe_base_url');
      }
      assert.equal((await api(`/${made.body.id}`)).body.base_url, `${base}/v1`);
      assert.equal(provider.requests.length, before);
      assert.equal(canary.counter.connections, 0);
    });

    test('delete -> 204, then 404', async () => {
      const made = await create({ name: 'doomed', provider: 'openai', api_key: GOOD_KEY, model: 'm' });
      const d = await api(`/${made.body.id}`, { method: 'DELETE' });
      assert.equal(d.status, 204);
      assert.equal((await api(`/${made.body.id}`)).status, 404);
      assert.equal((await api(`/${made.body.id}`, { method: 'DELETE' })).status, 404);
    });

    test('no response and no service log line ever contained a provider key', () => {
      for (const key of [GOOD_KEY, BAD_KEY]) {
        assert.ok(!seen.some((t) => t.includes(key)), 'a response echoed a key');
        assert.ok(!svc.output().includes(key), 'the service logged a key');
      }
    });
  });
}

describe('BYOK key encryption (unit)', () => {
  const secret = 'a-session-secret-of-at-least-32-characters!!';
  test('round-trips, is bound to its config id and secret, and hides the plaintext', () => {
    const stored = encryptApiKey(secret, GOOD_KEY, 'cfg-1');
    assert.ok(!stored.includes(GOOD_KEY));
    assert.notEqual(stored, encryptApiKey(secret, GOOD_KEY, 'cfg-1')); // fresh IV each time
    assert.equal(decryptApiKey(secret, stored, 'cfg-1'), GOOD_KEY);
    assert.equal(decryptApiKey(secret, stored, 'cfg-2'), null);
    assert.equal(decryptApiKey(secret + 'x', stored, 'cfg-1'), null);
    assert.equal(decryptApiKey(secret, stored.slice(0, -2) + 'AA', 'cfg-1'), null);
    assert.equal(maskApiKey('sk-abcdefgh1234a1b2'), 'sk-…a1b2');
  });
});

describe('composeWithProvider (unit, fake provider on loopback)', () => {
  let provider: Awaited<ReturnType<typeof startFakeProvider>>;
  const secret = 'a-session-secret-of-at-least-32-characters!!';
  const logs: string[] = [];
  let ctx: AppContext;
  const contexts = [{ memory_id: 'm1', content: 'The launch code is BLUE-42.', score: 1 }];
  const config = (over: Partial<ByokConfig> = {}): ByokConfig => ({
    id: 'cfg-c',
    customer_id: 'cust',
    name: 'c',
    provider: 'openai',
    base_url: `http://127.0.0.1:${provider.port}/v1`,
    api_key_encrypted: encryptApiKey(secret, over.api_key_masked === 'bad' ? BAD_KEY : GOOD_KEY, 'cfg-c'),
    api_key_masked: 'sk-…WXYZ',
    model: 'base-model',
    overrides: '{}',
    byok_validated_at: '2026-11-27T10:00:00.000Z',
    created_at: '2026-11-27T09:00:00.000Z',
    updated_at: '2026-11-27T09:00:00.000Z',
    ...over,
  });

  before(async () => {
    provider = await startFakeProvider();
    ctx = {
      config: {
        SESSION_SECRET: secret,
        BYOK_ALLOW_HOSTS: [`127.0.0.1:${provider.port}`],
      } as AppContext['config'],
      store: undefined as never, // compose never touches the store
      log: (m, extra) => logs.push(`${m} ${JSON.stringify(extra)}`),
    };
  });
  after(() => close(provider.server));

  test('not validated -> null without calling the provider', async () => {
    const n = provider.requests.length;
    assert.equal(await composeWithProvider(ctx, config({ byok_validated_at: null }), 'q?', contexts), null);
    assert.equal(provider.requests.length, n);
  });

  test('validated -> the provider answer, grounded in the contexts, with the composer override model', async () => {
    const answer = await composeWithProvider(
      ctx,
      config({
        overrides: JSON.stringify({ composer: { model: 'override-model', params: { temperature: 0.5 } } }),
      }),
      'What is the launch code?',
      contexts,
    );
    assert.equal(answer, 'openai answer for override-model');
    const sent = provider.requests.at(-1)!;
    assert.equal(sent.url, '/v1/chat/completions');
    assert.equal(sent.body.temperature, 0.5);
    assert.ok(JSON.stringify(sent.body.messages).includes('BLUE-42'));
    assert.ok(JSON.stringify(sent.body.messages).includes('What is the launch code?'));
  });

  test('anthropic configs go to /v1/messages', async () => {
    const answer = await composeWithProvider(
      ctx,
      config({ provider: 'anthropic', base_url: `http://127.0.0.1:${provider.port}` }),
      'q?',
      contexts,
    );
    assert.equal(answer, 'anthropic answer for base-model');
  });

  test('provider failure or an unsafe base_url -> null (caller falls back), key never logged', async () => {
    assert.equal(await composeWithProvider(ctx, config({ api_key_masked: 'bad' }), 'q?', contexts), null);
    assert.equal(
      await composeWithProvider(ctx, config({ base_url: 'https://127.0.0.1:1/v1' }), 'q?', contexts),
      null,
    );
    assert.ok(logs.length >= 2);
    assert.ok(!logs.some((l) => l.includes(GOOD_KEY) || l.includes(BAD_KEY)));
  });
});
