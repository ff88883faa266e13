// The router app over HTTP, on both dialects: buckets with counts, a bucket's memories equal to
// what the MCP list_memories tool returns (same rows, same order), auth, 404s and 405.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FLAVORS, call, startService, type RunningService } from '../lib/service.js';
import { newTenant, type Tenant } from '../lib/tenant.js';

async function mcpClient(svc: RunningService, apiKey: string): Promise<Client> {
  const client = new Client({ name: 'router-spec', version: '0.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(svc.mcpUrl), { requestInit: { headers: { Authorization: `Bearer ${apiKey}` } } }),
  );
  return client;
}

async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const r = (await client.callTool({ name, arguments: args })) as { structuredContent?: any; isError?: boolean; content: any[] };
  assert.ok(!r.isError, `${name}: ${JSON.stringify(r.content)}`);
  return r.structuredContent;
}

for (const flavor of FLAVORS) {
  describe(`router app on ${flavor}`, () => {
    let svc: RunningService;
    let a: Tenant;
    let b: Tenant;
    let ca: Client;
    let notesId: number;

    before(async () => {
      svc = await startService(flavor);
      [a, b] = await Promise.all([newTenant(svc, 'router-a'), newTenant(svc, 'router-b')]);
      ca = await mcpClient(svc, a.apiKey);
      // Sequential stores: several land in the same millisecond, so the id tie-break matters.
      for (let i = 0; i < 7; i++) {
        const s = await callTool(ca, 'store_memory', { content: `router note ${i}`, bucket: 'notes' });
        notesId = s.bucket_id;
      }
      await callTool(ca, 'store_memory', { content: 'inbox entry' });
    });
    after(async () => {
      await ca?.close();
      await svc?.stop();
    });

    test('GET /router/buckets: ids, names and counts, with an API key and with a session', async () => {
      for (const token of [a.apiKey, a.session]) {
        const r = await call(`${svc.routerUrl}/router/buckets`, { token });
        assert.equal(r.status, 200, r.text);
        const notes = r.body.buckets.find((x: any) => x.name === 'notes');
        assert.deepEqual(notes, { id: notesId, name: 'notes', memory_count: 7 });
        assert.deepEqual(r.body.buckets.find((x: any) => x.name === 'inbox')?.memory_count, 1);
      }
      const mcp = await callTool(ca, 'list_buckets', {});
      const r = await call(`${svc.routerUrl}/router/buckets`, { token: a.apiKey });
      assert.deepEqual(r.body, mcp, 'router and list_buckets agree');
    });

    test('GET /router/buckets/:id/memories returns exactly the rows list_memories returns', async () => {
      const r = await call(`${svc.routerUrl}/router/buckets/${notesId}/memories`, { token: a.apiKey });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.bucket, { id: notesId, name: 'notes' });
      const mcp = await callTool(ca, 'list_memories', { bucket: 'notes' });
      assert.deepEqual({ memories: r.body.memories, total: r.body.total }, mcp);
      assert.equal(r.body.total, 7);
      for (const m of r.body.memories) assert.deepEqual(Object.keys(m).sort(), ['content', 'created_at', 'id']);
      const paged = await call(`${svc.routerUrl}/router/buckets/${notesId}/memories?limit=2&offset=3`, { token: a.session });
      assert.deepEqual(paged.body.memories, r.body.memories.slice(3, 5));
      assert.equal(paged.body.total, 7);
      const bad = await call(`${svc.routerUrl}/router/buckets/${notesId}/memories?limit=0`, { token: a.session });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_request');
    });

    test("another tenant's bucket, unknown and non-numeric ids are 404", async () => {
      for (const id of [String(notesId), '999999', '0', '-1', 'abc', '1.5', '1e3', '99999999999999999999']) {
        const r = await call(`${svc.routerUrl}/router/buckets/${id}/memories`, { token: id === String(notesId) ? b.apiKey : a.apiKey });
        assert.equal(r.status, 404, `id ${id}`);
        assert.equal(r.body.error.code, 'not_found');
      }
      const theirs = await call(`${svc.routerUrl}/router/buckets`, { token: b.apiKey });
      assert.deepEqual(theirs.body, { buckets: [] });
    });

    test('credentials: none 401, bad 401 invalid_token, revoked key 401 at once', async () => {
      const none = await call(`${svc.routerUrl}/router/buckets`);
      assert.equal(none.status, 401);
      assert.equal(none.body.error.code, 'unauthenticated');
      const bad = await call(`${svc.routerUrl}/router/buckets`, { token: `egk_${'z'.repeat(40)}` });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.error.code, 'invalid_token');
      const c = await newTenant(svc, 'router-revoke');
      assert.equal((await call(`${svc.routerUrl}/router/buckets`, { token: c.apiKey })).status, 200);
      const keys = await call(`${svc.adminUrl}/account/api-keys`, { token: c.session });
      assert.equal((await call(`${svc.adminUrl}/account/api-keys/${keys.body.api_keys[0].id}`, { method: 'DELETE', token: c.session })).status, 204);
      assert.equal((await call(`${svc.routerUrl}/router/buckets`, { token: c.apiKey })).status, 401);
    });

    test('wrong method is 405 with Allow; unknown path is a JSON 404', async () => {
      const r = await call(`${svc.routerUrl}/router/buckets`, { method: 'POST', token: a.apiKey, body: {} });
      assert.equal(r.status, 405);
      assert.match(r.headers.get('allow') ?? '', /GET/);
      const m = await call(`${svc.routerUrl}/router/buckets/${notesId}/memories`, { method: 'DELETE', token: a.apiKey });
      assert.equal(m.status, 405);
      const u = await call(`${svc.routerUrl}/router/nope`, { token: a.apiKey });
      assert.equal(u.status, 404);
      assert.equal(u.body.error.code, 'not_found');
    });
  });
}
