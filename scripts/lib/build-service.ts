// Bundles the service's two entry points, with their dependencies, to plain JavaScript (esbuild)
// so its four processes start on bare node instead of compiling TypeScript at load time (tsx)
// and resolving hundreds of package files: the smoke's cold start is dominated by that.
// Rebuilt whenever any input file changed (size or mtime), so it is never stale: the fault
// runner patches service/ sources and boots the patched tree the same way.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

type Stamp = Record<string, string>;

const stampOf = (file: string): string | undefined => {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
};

/** The previous build still matches every input and output it recorded. */
function upToDate(stampFile: string): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    return false;
  }
  const files = Object.keys(stamp);
  return files.length > 0 && files.every((f) => stampOf(f) === stamp[f]);
}

export async function buildService(root: string): Promise<string> {
  const outdir = path.join(root, '.build', 'service');
  const stampFile = path.join(outdir, 'inputs.json');
  if (upToDate(stampFile)) return outdir;

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
    banner: { js: "import { createRequire as __engramRequire } from 'node:module'; const require = __engramRequire(import.meta.url);" },
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
    const s = stampOf(f);
    if (s) stamp[f] = s;
  }
  fs.writeFileSync(stampFile, JSON.stringify(stamp));
  return outdir;
}
