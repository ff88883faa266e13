/**
 * Rewrite artifacts so no secret survives: plain text files, zips (traces, report data, Allure
 * attachments), and the HTML report's index.html, which embeds its data as a base64 zip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { redactText } from './redact.js';
import { isZip, mapZip } from './zip.js';

export interface RedactStats {
  files: number;
  changed: number;
  errors: string[];
}

const EMBEDDED_ZIP = /(data:application\/zip;base64,)([A-Za-z0-9+/=]+)/g;

/** Text if it has no NUL byte in its head; images and videos are left alone. */
const looksText = (buf: Uint8Array): boolean => !buf.subarray(0, 8192).includes(0);

export function redactBytes(buf: Uint8Array, secrets: readonly string[]): Uint8Array {
  if (isZip(buf)) return mapZip(buf, (_name, data) => redactBytes(data, secrets));
  if (!looksText(buf)) return buf;
  const text = Buffer.from(buf).toString('utf8');
  let out = text.replace(EMBEDDED_ZIP, (_m, prefix: string, b64: string) => {
    const inner = redactBytes(Buffer.from(b64, 'base64'), secrets);
    return prefix + Buffer.from(inner).toString('base64');
  });
  out = redactText(out, secrets);
  return out === text ? buf : Buffer.from(out, 'utf8');
}

export function* walkFiles(dir: string, skip: readonly string[] = []): Generator<string> {
  if (!fs.existsSync(dir)) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // removed while walking
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (skip.includes(full)) continue;
    if (entry.isDirectory()) yield* walkFiles(full, skip);
    else if (entry.isFile()) yield full;
  }
}

export function redactDirs(
  dirs: readonly string[],
  secrets: readonly string[],
  skip: readonly string[] = [],
): RedactStats {
  const stats: RedactStats = { files: 0, changed: 0, errors: [] };
  for (const file of new Set(dirs.flatMap((d) => [...walkFiles(d, skip)]))) {
    stats.files++;
    try {
      const before = fs.readFileSync(file);
      const after = redactBytes(before, secrets);
      if (after !== before && !Buffer.from(after).equals(before)) {
        fs.writeFileSync(file, after);
        stats.changed++;
      }
    } catch (e) {
      // Playwright removes its temporary artifact files while shutting down: gone is clean.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      stats.errors.push(`${file}: ${(e as Error).message}`);
    }
  }
  return stats;
}
