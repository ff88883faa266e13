/** The MCP endpoint's 401: a Bearer challenge that leads a client to the RFC 9728 document. */
import { randomBytes } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { MCP_INITIALIZE, MCP_POST_HEADERS } from '../../helpers/protocol/mcp-http.js';
import { parseChallenge } from '../../helpers/protocol/www-authenticate.js';
import { ResourceMetadata } from '../../helpers/schemas/index.js';

test(
  'mcp_401.no_credentials.challenge_without_error',
  { tag: ['@critical'] },
  async ({ http, check, urls }) => {
    const res = await (
      await http({ app: 'mcp' })
    ).post('/mcp', { data: MCP_INITIALIZE, headers: MCP_POST_HEADERS });
    const err = await check.error(res, 401, 'unauthenticated');
    const c = parseChallenge(res.headers()['www-authenticate']);
    check.that(!!c, 'no WWW-Authenticate header on the 401');
    check.equal(c!.scheme.toLowerCase(), 'bearer', 'WWW-Authenticate scheme');
    const rm = c!.params['resource_metadata'];
    check.that(!!rm, 'WWW-Authenticate has no resource_metadata parameter');
    check.that(
      URL.canParse(rm!) && new URL(rm!).origin === urls.mcp,
      `resource_metadata ${rm} is not an absolute URL on the MCP origin ${urls.mcp}`,
    );
    check.that(
      !('error' in c!.params),
      `no credentials sent, yet the challenge carries error="${c!.params['error']}" (RFC 6750 §3.1)`,
    );
    check.detail(
      `401 ${err.code}, challenge Bearer with resource_metadata="${rm}", no error param (${Object.keys(c!.params).join(', ')})`,
    );
  },
);

test('mcp_401.resource_metadata_url.serves_document', async ({ http, anon, check, urls }) => {
  const res = await (
    await http({ app: 'mcp' })
  ).post('/mcp', { data: MCP_INITIALIZE, headers: MCP_POST_HEADERS });
  await check.expectStatus(res, 401);
  const rm = parseChallenge(res.headers()['www-authenticate'])?.params['resource_metadata'];
  check.that(!!rm && URL.canParse(rm), `401 challenge has no usable resource_metadata (${rm ?? 'missing'})`);
  const prm = await check.json(await anon.get(rm!), 200, ResourceMetadata);
  check.equal(prm.resource, `${urls.mcp}/mcp`, `resource described by the document at ${rm}`);
  check.detail(
    `challenge -> GET ${new URL(rm!).pathname} 200: resource ${prm.resource}, AS [${prm.authorization_servers.join(', ')}]`,
  );
});

test('mcp_401.invalid_token.error_invalid_token', async ({ http, check }) => {
  const bogus = `egk_${randomBytes(30).toString('base64url').slice(0, 40)}`;
  const res = await (
    await http({ app: 'mcp', auth: { bearer: bogus } })
  ).post('/mcp', { data: MCP_INITIALIZE, headers: MCP_POST_HEADERS });
  const err = await check.error(res, 401, 'invalid_token');
  const c = parseChallenge(res.headers()['www-authenticate']);
  check.equal(c?.scheme.toLowerCase(), 'bearer', 'WWW-Authenticate scheme');
  check.equal(c!.params['error'], 'invalid_token', 'challenge error');
  check.that(!!c!.params['resource_metadata'], 'invalid-token challenge dropped resource_metadata');
  check.detail(`unknown egk_ key -> 401 ${err.code}, challenge error="invalid_token" with resource_metadata`);
});

test('mcp_401.session_jwt.rejected', async ({ http, check }) => {
  const res = await (
    await http({ app: 'mcp', auth: 'session' })
  ).post('/mcp', { data: MCP_INITIALIZE, headers: MCP_POST_HEADERS });
  const err = await check.error(res, 401, 'invalid_token');
  const c = parseChallenge(res.headers()['www-authenticate']);
  check.equal(c?.params['error'], 'invalid_token', 'challenge error');
  check.detail(
    `the tenant's live session JWT on POST /mcp -> 401 ${err.code} (MCP takes API keys and OAuth tokens only)`,
  );
});

test('mcp_401.sse_get.challenged', async ({ http, check }) => {
  const res = await (await http({ app: 'mcp' })).get('/mcp', { headers: { accept: 'text/event-stream' } });
  const err = await check.error(res, 401, 'unauthenticated');
  const c = parseChallenge(res.headers()['www-authenticate']);
  check.that(
    c?.scheme.toLowerCase() === 'bearer' && !!c.params['resource_metadata'],
    'SSE GET 401 lacks a challenge of scheme Bearer with resource_metadata',
  );
  check.that(!('error' in c!.params), `no credentials sent, yet error="${c!.params['error']}"`);
  check.detail(
    `GET /mcp (SSE) without credentials -> 401 ${err.code}, challenge Bearer with resource_metadata, no error param`,
  );
});
