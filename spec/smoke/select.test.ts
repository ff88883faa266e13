// `npm run smoke -- <names>`: printed names and groups become Playwright arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectionArgs } from '../../scripts/lib/select.js';

const GROUPS = ['auth', 'mcp', 'oauth'];
const grepOf = (args: string[]) =>
  new RegExp(args.find((a) => a.startsWith('--grep='))!.slice('--grep='.length));
// What Playwright greps: "<project> <file> <title> <tags>".
const title = (project: string, file: string, name: string, tags = '') =>
  `${project} ${file} ${name}${tags ? ` ${tags}` : ''}`;

test('a printed name selects its project and exactly that title', () => {
  const sel = selectionArgs(['mcp.query.marker.present'], GROUPS);
  assert.ok(sel.ok);
  assert.deepEqual(
    sel.args.filter((a) => !a.startsWith('--grep')),
    ['--project=mcp'],
  );
  const re = grepOf(sel.args);
  assert.ok(re.test(title('mcp', 'memories.spec.ts', 'query.marker.present')));
  assert.ok(re.test(title('mcp', 'memories.spec.ts', 'query.marker.present', '@critical')));
  assert.ok(!re.test(title('mcp', 'memories.spec.ts', 'query.marker.present_twice')));
  assert.ok(!re.test(title('mcp', 'memories.spec.ts', 'xquery.marker.present')));
  assert.ok(!re.test(title('oauth', 'flow.spec.ts', 'query.marker.present')));
  assert.ok(!re.test(title('mcp', 'memories.spec.ts', 'queryXmarker.present')), 'dots are literal');
});

test('groups, mixed selections and pass-through arguments', () => {
  const group = selectionArgs(['mcp', '--workers', '2', '--reporter=line'], GROUPS);
  assert.deepEqual(group.ok && group.args, [
    '--project=oauth',
    '--project=mcp',
    '--workers',
    '2',
    '--reporter=line',
  ]);
  const mixed = selectionArgs(['auth', 'mcp.auth.api_key.accepted'], GROUPS);
  assert.ok(mixed.ok);
  const re = grepOf(mixed.args);
  assert.ok(re.test(title('auth', 'login.spec.ts', 'login.wrong_password.401')), 'the whole auth group');
  assert.ok(re.test(title('mcp', 'session.spec.ts', 'auth.api_key.accepted')));
  assert.ok(!re.test(title('mcp', 'session.spec.ts', 'auth.oauth_token.accepted')));
  const files = selectionArgs(['tests/mcp/memories.spec.ts:17', '--list', '--grep', '@critical'], GROUPS);
  assert.deepEqual(files.ok && files.args, [
    'tests/mcp/memories.spec.ts:17',
    '--list',
    '--grep',
    '@critical',
  ]);
  assert.deepEqual(
    selectionArgs(['memories.spec.ts'], GROUPS).ok && selectionArgs(['memories.spec.ts'], GROUPS),
    {
      ok: true,
      args: ['memories.spec.ts'],
      projects: [],
      names: [],
    },
  );
});

test('unknown groups and ambiguous selections are refused', () => {
  const bad = selectionArgs(['mpc.query.marker.present'], GROUPS);
  assert.ok(!bad.ok && /unknown group "mpc"/.test(bad.error));
  const both = selectionArgs(['mcp.query.marker.present', '--grep', '@critical'], GROUPS);
  assert.ok(!both.ok);
});
