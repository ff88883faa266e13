// One clock format for both dialects: ISO 8601 with a zone.
export const nowIso = (): string => new Date().toISOString();
export const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();
export const isPast = (iso: string): boolean => Date.parse(iso) <= Date.now();
