// Reads the fault catalog: every faults/patches/*.patch is a unified diff against service/ whose
// header carries the fault's metadata. `git apply` ignores the header lines.
//
//   # id: sqlite-recent-queries-drift
//   # description: admin stats reads recent queries through a method the SQLite adapter lacks
//   # flavor: sqlite            (sqlite | postgres | both)
//   # expect: admin.stats.recent_queries      (one or more check names, space-separated)
//   # groups: admin mcp          (optional: projects to run; default: the expected checks' groups)
import fs from 'node:fs';
import path from 'node:path';

export type Flavor = 'sqlite' | 'postgres';

export interface Fault {
  id: string;
  description: string;
  flavors: Flavor[];
  expect: string[];
  groups: string[];
  patchFile: string;
}

export function loadCatalog(dir: string): Fault[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .sort();
  return files.map((file) => parseFault(path.join(dir, file)));
}

export function parseFault(patchFile: string): Fault {
  const meta: Record<string, string> = {};
  for (const line of fs.readFileSync(patchFile, 'utf8').split('\n')) {
    if (line.startsWith('diff ') || line.startsWith('--- ')) break;
    const m = /^#\s*([a-z]+):\s*(.+)$/.exec(line);
    if (m) meta[m[1]] = m[2].trim();
  }
  const name = path.basename(patchFile);
  for (const key of ['id', 'description', 'flavor', 'expect']) {
    if (!meta[key]) throw new Error(`${name}: header is missing "# ${key}: ..."`);
  }
  const flavor = meta.flavor;
  if (!['sqlite', 'postgres', 'both'].includes(flavor))
    throw new Error(`${name}: flavor must be sqlite, postgres or both`);
  const expect = meta.expect.split(/\s+/);
  const groups = meta.groups ? meta.groups.split(/\s+/) : [...new Set(expect.map((c) => c.split('.')[0]))];
  return {
    id: meta.id,
    description: meta.description,
    flavors: flavor === 'both' ? ['sqlite', 'postgres'] : [flavor as Flavor],
    expect,
    groups,
    patchFile,
  };
}
