// Bundles the service's two entry points, with their dependencies, to plain JavaScript (esbuild)
// so its four processes start on bare node instead of compiling TypeScript at load time (tsx)
// and resolving hundreds of package files: the smoke's cold start is dominated by that.
// Rebuilt whenever any input file changed, so it is never stale: the fault runner patches
// service/ sources and boots the patched tree the same way.
//
// The stamp names files relative to the project root, so a copied or moved tree compares its
// OWN sources (absolute paths made a patched copy trust the original's bundle). The project's
// own files are compared by content (a patch applied with preserved mtimes still rebuilds);
// dependencies in node_modules by size and mtime (1,200 files: hashing them costs ~50 ms).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** Relative path -> fingerprint. */
type Stamp = Record<string, string>;

function fingerprint(root: string, rel: string): string | undefined {
  const file = path.join(root, rel);
  try {
    const st = fs.statSync(file);
    if (rel.split(path.sep).includes('node_modules')) return `${st.size}:${st.mtimeMs}`;
    return `${st.size}:${crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex')}`;
  } catch {
    return undefined;
  }
}

/** The previous build still matches every input and output it recorded. */
function upToDate(root: string, stampFile: string): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  const files = Object.keys(stamp);
  return files.length > 0 && files.every((f) => !path.isAbsolute(f) && fingerprint(root, f) === stamp[f]);
}

export async function buildService(root: string): Promise<string> {
  const outdir = path.join(root, '.build', 'service');
  const stampFile = path.join(outdir, 'inputs.json');
  if (upToDate(root, stampFile)) return outdir;

  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'service/main.ts'), path.join(root, 'service/apps/start.ts')],
    outbase: path.join(root, 'service'),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Shared code in chunks, each app in its own (start.ts imports only the app it runs).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node24', // the oldest supported line (package.json engines)
    // Dependencies are bundled too (a few files to parse instead of hundreds to resolve and
    // read): an app starts in about 0.5 s instead of 0.9 s. Native modules stay external.
    external: ['better-sqlite3', 'pg-native'],
    // Bundled CommonJS dependencies call require(); an ESM chunk has none of its own.
    banner: {
      js: "import { createRequire as __engramRequire } from 'node:module'; const require = __engramRequire(import.meta.url);",
    },
    // Linked, not inline: run with NODE_OPTIONS=--enable-source-maps for mapped stack traces
    // (parsing the maps at start costs each app ~0.1 s, so it is off by default).
    sourcemap: 'linked',
    logLevel: 'error',
    metafile: true,
  });
  const outputs = Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f));
  // Chunk names carry a content hash: drop the chunks an earlier build left behind.
  const current = new Set(outputs);
  const chunks = path.join(outdir, 'chunks');
  for (const f of fs.existsSync(chunks) ? fs.readdirSync(chunks) : []) {
    if (!current.has(path.join(chunks, f))) fs.rmSync(path.join(chunks, f), { force: true });
  }
  // The bundle is ESM; the root package.json (CommonJS smoke side) must not decide for it.
  fs.writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
  const stamp: Stamp = {};
  for (const f of [...Object.keys(result.metafile.inputs).map((f) => path.resolve(root, f)), ...outputs]) {
    const rel = path.relative(root, f);
    const s = fingerprint(root, rel);
    if (s) stamp[rel] = s;
  }
  fs.writeFileSync(stampFile, JSON.stringify(stamp));
  return outdir;
}
