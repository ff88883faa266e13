/**
 * JSON-RPC errors for bad MCP input, on a session opened with the oauth group's token: a body
 * that is not JSON, and a method the server does not have.
 */
import { stands } from '../../../helpers/standards/clause.js';
import { test } from '../../../helpers/standards/fixtures.js';
import { deleteSession, openSession, rpc } from '../../../helpers/standards/mcp.js';

test('jsonrpc.bad_json.rejected', async ({ target, tokens, check }) => {
  const std = stands(check, 'MCP 2025-11-25 transports §Sending Messages to the Server');
  const r = await rpc(target.mcpUrl, tokens.access_token, '{"jsonrpc":"2.0","id":1,"method":');
  check.status(r.status);
  std.must(r.status >= 400 && r.status < 500, `malformed JSON -> ${r.status}, want a 4xx`);
  std.should(
    r.message?.error?.code === -32700,
    `JSON-RPC error ${r.message?.error?.code ?? 'none'}, want -32700 parse error`,
    'JSON-RPC 2.0 §5.1',
  );
  std.detail(`truncated JSON body -> ${r.status}, JSON-RPC error ${r.message?.error?.code ?? 'none'}`);
});

test('jsonrpc.unknown_method.method_not_found', async ({ target, tokens, check }) => {
  const std = stands(check, 'JSON-RPC 2.0 §5.1');
  const s = await openSession(target.mcpUrl, tokens.access_token);
  try {
    std.must(s.status === 200, `precondition: initialize -> ${s.status}`);
    const r = await rpc(
      target.mcpUrl,
      tokens.access_token,
      { jsonrpc: '2.0', id: 9, method: 'smoke/no_such_method', params: {} },
      s,
    );
    check.status(r.status);
    std.must(!!r.message?.error, `an unknown method answered ${r.status} without a JSON-RPC error`);
    std.must(r.message!.error!.code === -32601, `JSON-RPC error ${r.message!.error!.code}, want -32601`);
    std.detail(
      `smoke/no_such_method -> ${r.status}, JSON-RPC error -32601 "${(r.message!.error!.message ?? '').slice(0, 40)}"`,
    );
  } finally {
    await deleteSession(target.mcpUrl, tokens.access_token, s);
  }
});
