// Full-text retrieval over one tenant's memories: sanitize, dispatch to the dialect's search,
// normalize scores to (0, 1] with the best hit at 1.
import type { Store } from '../../db/connect.js';
import { searchPostgres } from './postgres.js';
import { searchSqlite } from './sqlite.js';
import { queryTerms } from './terms.js';

export interface Hit {
  memory_id: string;
  content: string;
  score: number;
}

const MIN_SCORE = 0.0001;

export async function searchMemories(
  store: Store,
  req: { customerId: string; question: string; bucketId?: number; limit: number },
): Promise<{ terms: string[]; hits: Hit[] }> {
  const terms = queryTerms(req.question);
  if (!terms.length) return { terms, hits: [] };
  const search = store.dialect === 'postgres' ? searchPostgres : searchSqlite;
  const raw = await search(store.db, { customerId: req.customerId, terms, bucketId: req.bucketId, limit: req.limit });
  const best = Math.max(...raw.map((h) => h.raw));
  const hits = raw.map((h, i) => ({
    memory_id: h.memory_id,
    content: h.content,
    // Relative to the best hit; if the engine gave no usable magnitude, fall back to rank order.
    score: clampScore(best > 0 ? h.raw / best : 1 / (i + 1)),
  }));
  return { terms, hits };
}

function clampScore(s: number): number {
  if (!Number.isFinite(s)) return MIN_SCORE;
  return Math.min(1, Math.max(MIN_SCORE, Math.round(s * 10000) / 10000));
}
