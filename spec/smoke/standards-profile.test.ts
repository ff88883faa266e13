// The mcp profile's configuration and the discovery URLs it tries, with plain inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnv } from '../../helpers/run/env.js';
import { authServerCandidates, resourceMetadataCandidates } from '../../helpers/standards/discover.js';

test('SMOKE_PROFILE=mcp needs only SMOKE_MCP_URL, kept exactly; engram stays the default', () => {
  const env = parseEnv({
    SMOKE_PROFILE: 'mcp',
    SMOKE_MCP_URL: 'https://mcp.example.com/v1/mcp',
    SMOKE_USER: 'me',
    SMOKE_PASSWORD: 'pw',
  });
  assert.equal(env.profile, 'mcp');
  assert.equal(env.mode, 'remote');
  assert.equal(env.mcpEndpoint, 'https://mcp.example.com/v1/mcp');
  assert.equal(env.urls.admin, 'https://mcp.example.com');
  assert.deepEqual(env.user, { name: 'me', password: 'pw' });
  assert.throws(
    () => parseEnv({ SMOKE_PROFILE: 'mcp' }),
    /SMOKE_MCP_URL: the mcp profile needs SMOKE_MCP_URL/,
  );
  assert.throws(() => parseEnv({ SMOKE_PROFILE: 'other' }), /SMOKE_PROFILE: must be engram or mcp/);
  assert.equal(parseEnv({}).profile, 'engram');
  assert.equal(parseEnv({}).mode, 'local');
});

test('RFC 9728 §3.1: the challenge first, then path-inserted, then root', () => {
  const rm = 'https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp';
  assert.deepEqual(
    resourceMetadataCandidates('https://mcp.example.com/v1/mcp', rm).map((c) => [c.via, c.url]),
    [
      ['challenge', rm],
      ['path-inserted', 'https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp'],
      ['root', 'https://mcp.example.com/.well-known/oauth-protected-resource'],
    ],
  );
});

test('RFC 8414 §3.1 and OIDC discovery: path-inserted first for an issuer with a path', () => {
  assert.deepEqual(
    authServerCandidates('https://as.example.com/tenant1').map((c) => c.url),
    [
      'https://as.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://as.example.com/.well-known/oauth-authorization-server',
      'https://as.example.com/.well-known/openid-configuration/tenant1',
      'https://as.example.com/tenant1/.well-known/openid-configuration',
    ],
  );
  assert.deepEqual(
    authServerCandidates('https://as.example.com/').map((c) => c.url),
    [
      'https://as.example.com/.well-known/oauth-authorization-server',
      'https://as.example.com/.well-known/openid-configuration',
    ],
  );
});
