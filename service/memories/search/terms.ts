// Turns a free-text question into plain word terms. User syntax (quotes, operators, parentheses,
// column filters) never reaches FTS5 MATCH or to_tsquery: only letters and digits survive.
export const MAX_TERMS = 32;

export function queryTerms(question: string): string[] {
  const words = question.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}
