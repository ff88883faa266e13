/** Rewrite every entry of a zip (traces, report data) through a function; nested zips included. */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export const isZip = (buf: Uint8Array): boolean =>
  buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

export function mapZip(buf: Uint8Array, fn: (name: string, data: Uint8Array) => Uint8Array): Uint8Array {
  const entries = unzipSync(buf);
  const out: Zippable = {};
  let changed = false;
  for (const [name, data] of Object.entries(entries)) {
    const next = fn(name, data);
    changed ||= next !== data;
    out[name] = next;
  }
  return changed ? zipSync(out, { level: 6 }) : buf;
}
