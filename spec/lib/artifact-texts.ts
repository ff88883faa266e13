// Every text a human or a tool could read out of an artifact: zips and the HTML report's embedded
// zips opened. Shared by the secret scans.
import fs from 'node:fs';
import { unzipSync } from 'fflate';
import { walkFiles } from '../../helpers/redact/redact-files.js';
import { isZip } from '../../helpers/redact/zip.js';

export function* artifactTexts(name: string, buf: Uint8Array): Generator<[string, string]> {
  if (isZip(buf)) {
    for (const [entry, data] of Object.entries(unzipSync(buf)))
      yield* artifactTexts(`${name}!${entry}`, data);
    return;
  }
  if (buf.subarray(0, 8192).includes(0)) return;
  const text = Buffer.from(buf).toString('utf8');
  yield [name, text];
  for (const m of text.matchAll(/data:application\/zip;base64,([A-Za-z0-9+/=]+)/g))
    yield* artifactTexts(`${name}#embedded`, Buffer.from(m[1]!, 'base64'));
}

/** The artifact files (and entries) under `dir` whose text contains `secret`. */
export function filesContaining(dir: string, secret: string): string[] {
  const hits: string[] = [];
  for (const f of walkFiles(dir))
    for (const [name, text] of artifactTexts(f, fs.readFileSync(f)))
      if (text.includes(secret)) hits.push(name);
  return hits;
}
