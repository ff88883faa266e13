// `npm run smoke [-- <names and Playwright args>]`: runs the smoke, selecting checks by the names
// the output prints. `npm run smoke -- mcp.query.marker.present` runs that check (and the groups
// it depends on), `npm run smoke -- mcp` a group, `npm run smoke -- --list` lists every check.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectionArgs } from './lib/select.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// One folder per group under tests/ (the config's projects are the same list).
const groups = fs
  .readdirSync(path.join(root, 'tests'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const sel = selectionArgs(process.argv.slice(2), groups);
if (!sel.ok) {
  console.error(`smoke: ${sel.error}; npm run smoke -- --list shows every check`);
  process.exit(2);
}
const child = spawn(
  process.execPath,
  [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...sel.args],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the child from the terminal; a TERM sent to this wrapper is passed on.
for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
