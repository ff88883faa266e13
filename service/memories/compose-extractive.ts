// The built-in extractive composer: answers with the sentences of the top memories that contain
// the most query terms, so queries work offline, without any BYOK provider.
import type { Hit } from './search/index.js';
import { queryTerms } from './search/terms.js';

export const NO_MATCH_ANSWER = 'No stored memories match the question.';
const MAX_SENTENCES = 3;
const MAX_ANSWER_CHARS = 2000;

interface Candidate {
  text: string;
  hits: number;
  rank: number;
  order: number;
}

export function composeExtractive(question: string, context: Hit[]): string {
  if (!context.length) return NO_MATCH_ANSWER;
  const terms = new Set(queryTerms(question));
  const candidates: Candidate[] = [];
  context.forEach((memory, rank) => {
    splitSentences(memory.content).forEach((text, order) => {
      const words = new Set(queryTerms(text));
      let hits = 0;
      for (const t of terms) if (words.has(t)) hits++;
      if (hits > 0) candidates.push({ text, hits, rank, order });
    });
  });
  // More distinct terms first, then the better-ranked memory, then reading order.
  candidates.sort((a, b) => b.hits - a.hits || a.rank - b.rank || a.order - b.order);
  const picked = candidates.slice(0, MAX_SENTENCES).map((c) => c.text);
  // Tokenizers differ a little from our term split; the top memory's opening is a safe answer.
  const answer = picked.length ? picked.join(' ') : (splitSentences(context[0].content)[0] ?? context[0].content);
  return truncate(answer, MAX_ANSWER_CHARS);
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}
