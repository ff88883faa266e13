/**
 * Two reads of the same fact from different endpoints, on a tenant other groups change at the same
 * time: read both together, and again (up to `tries`) while they disagree. A real bug disagrees
 * every time; a concurrent create or delete between the reads does not repeat.
 */
export async function settle<T>(
  read: () => Promise<T>,
  agree: (v: T) => boolean,
  tries = 3,
): Promise<{ value: T; tries: number }> {
  let value = await read();
  let n = 1;
  while (!agree(value) && n < tries) {
    value = await read();
    n++;
  }
  return { value, tries: n };
}
