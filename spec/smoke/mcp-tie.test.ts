// How the config ties mcp to oauth for a command line: a teardown (mcp runs after oauth whatever
// oauth's verdict) whenever that cannot pull in checks nobody asked for; a dependency where only
// a dependency makes `--project=mcp` run oauth first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliSelection, mcpTie, mcpTieFields, runnerArgs } from '../../helpers/run/mcp-after-oauth.js';

const tie = (...argv: string[]) => mcpTie(cliSelection(argv));

test('a whole run, or oauth and mcp named together: mcp is oauth teardown', () => {
  assert.equal(tie(), 'teardown');
  assert.equal(tie('--workers', '2', '--reporter=line'), 'teardown');
  assert.equal(tie('--project=oauth', '--project=mcp'), 'teardown');
  assert.equal(tie('--project', 'oauth', 'mcp', '--workers', '3'), 'teardown', 'variadic --project');
  assert.equal(tie('--project=OAuth', '--project=m*'), 'teardown', 'case and wildcards as Playwright');
  assert.deepEqual(mcpTieFields('teardown'), { oauth: { teardown: 'mcp' }, mcp: { dependencies: [] } });
});

test('mcp without oauth, or a narrowed run: mcp depends on oauth, so oauth runs first', () => {
  assert.equal(tie('--project=mcp'), 'dependency');
  assert.equal(tie('--project', 'mcp'), 'dependency');
  assert.equal(tie('--grep', '@critical'), 'dependency');
  assert.equal(tie('-g', 'refresh'), 'dependency');
  assert.equal(tie('tests/oauth/flow.spec.ts'), 'dependency', 'a file filter');
  assert.equal(tie('--project=oauth', '--project=mcp', '--grep=x'), 'dependency');
  assert.equal(tie('--last-failed'), 'dependency');
  assert.deepEqual(mcpTieFields('dependency'), { oauth: {}, mcp: { dependencies: ['oauth'] } });
});

test('mcp not selected: no tie, so --project=oauth runs oauth alone', () => {
  assert.equal(tie('--project=oauth'), 'none');
  assert.equal(tie('--project', 'oauth', 'auth'), 'none');
  assert.equal(tie('--project=o*'), 'none');
  assert.deepEqual(mcpTieFields('none'), { oauth: {}, mcp: { dependencies: [] } });
});

test('option values are not file filters; the runner args start after `test`', () => {
  assert.equal(
    tie('--workers', '2', '--reporter', 'line', '-c', 'x.config.ts', '--timeout', '5'),
    'teardown',
  );
  assert.deepEqual(runnerArgs(['node', 'cli.js', 'test', '--project=mcp']), ['--project=mcp']);
  assert.deepEqual(runnerArgs(['node', 'worker.js']), [], 'a worker process: no command line');
});
