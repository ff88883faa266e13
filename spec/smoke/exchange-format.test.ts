// What a recorded exchange shows in a trace and report: titles, masked credentials, bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  exchangeTitle,
  formatBody,
  formatRequest,
  formatResponse,
  jsonRpcSummary,
  maskHeader,
  maskUrl,
  exchangeLabel,
} from '../../helpers/report/exchange-format.js';

const KEY = `egk_${'a1'.repeat(22)}`;

test('titles name the JSON-RPC call first, then the method and path', () => {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 3,
    method: 'tools/call',
    params: { name: 'query', arguments: {} },
  });
  assert.equal(
    exchangeTitle({ method: 'POST', url: 'http://127.0.0.1:4101/mcp', body }),
    'tools/call query · POST /mcp',
  );
  assert.equal(
    exchangeTitle({ method: 'GET', url: 'http://127.0.0.1:4100/account/profile?x=1' }),
    'GET /account/profile?x=1',
  );
  assert.equal(
    jsonRpcSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })),
    'notifications/initialized',
  );
  assert.equal(
    jsonRpcSummary(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      ]),
    ),
    'batch: ping, tools/list',
  );
  assert.equal(jsonRpcSummary('{"not":"rpc"}'), undefined);
  assert.equal(jsonRpcSummary('grant_type=refresh_token'), undefined);
});

test('credentials are masked in headers, URLs, JSON and form bodies', () => {
  assert.equal(maskHeader('Authorization', `Bearer ${KEY}`), 'Bearer egk_…(48 chars)');
  assert.equal(
    maskHeader('cookie', 'engram_signin=abcdefghijklmnop; other=x1'),
    'engram_signin=abcd…(16 chars); other=…(2 chars)',
  );
  assert.equal(maskHeader('content-type', 'application/json'), 'application/json');
  assert.equal(
    maskUrl('http://x/cb?code=abcdefghijklmnopq&state=s1'),
    'http://x/cb?code=abcd%E2%80%A6%2817+chars%29&state=s1',
  );
  assert.equal(maskHeader('location', '/cb?code=abcdefghijklmnopq'), '/cb?code=abcd%E2%80%A6%2817+chars%29');
  assert.equal(maskUrl('/authorize?client_id=c1'), '/authorize?client_id=c1');
  const json = formatBody(
    JSON.stringify({ id: 'k1', key: KEY, nested: [{ access_token: 'ega_0123456789abcdef' }] }),
    'application/json',
  );
  assert.ok(!json.includes(KEY) && !json.includes('ega_0123456789abcdef'), json);
  assert.match(json, /"id": "k1"/);
  const form = formatBody(
    'grant_type=authorization_code&code=abcdefghijklmnop&code_verifier=verifier-0123456789',
    'application/x-www-form-urlencoded',
  );
  assert.equal(form, 'grant_type=authorization_code\ncode=abcd…(16 chars)\ncode_verifier=veri…(19 chars)');
  const sse = formatBody(
    `event: message\ndata: ${JSON.stringify({ result: { token: 'tok-0123456789abcdef' } })}\n`,
    'text/event-stream',
  );
  assert.ok(!sse.includes('tok-0123456789abcdef'), sse);
});

test('request and response texts carry the whole exchange', () => {
  const req = formatRequest({
    method: 'POST',
    url: 'http://h/token',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: '{"a":1}',
  });
  assert.equal(
    req,
    'POST http://h/token\nauthorization: Bearer egk_…(48 chars)\ncontent-type: application/json\n\n{\n  "a": 1\n}',
  );
  const res = {
    status: 404,
    statusText: 'Not Found',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: '{"error":{"code":"not_found"}}',
    ms: 12,
  };
  assert.match(
    formatResponse(res),
    /^404 Not Found in 12 ms\ncontent-type: application\/json; charset=utf-8\n\n\{\n {2}"error"/,
  );
  assert.equal(exchangeLabel(res, 'GET /x'), 'GET /x → 404 application/json · 12 ms');
  assert.equal(formatBody(undefined, 'text/event-stream'), '(body not read: an open event stream)');
  assert.match(formatBody('x'.repeat(20_000), 'text/plain'), /… \(4000 more chars\)$/);
});
