// ==== SQLite-specific full-text search (FTS5, bm25) ====
// memories_fts is kept in step with memories by triggers (migration 20261127T090100Z-memories).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RawHit, SearchRequest } from './types.js';

export async function searchSqlite(db: Kysely<Database>, req: SearchRequest): Promise<RawHit[]> {
  // Each term is a quoted FTS5 string (terms are letters and digits only), OR-ed: any term matches.
  const match = req.terms.map((t) => `"${t}"`).join(' OR ');
  const bucket = req.bucketId === undefined ? sql`` : sql`AND m.bucket_id = ${req.bucketId}`;
  const { rows } = await sql<{ memory_id: string; content: string; rank: number }>`
    SELECT m.id AS memory_id, m.content AS content, bm25(memories_fts) AS rank
    FROM memories_fts
    JOIN memories m ON m.id = memories_fts.memory_id
    WHERE memories_fts MATCH ${match}
      AND memories_fts.customer_id = ${req.customerId}
      AND m.customer_id = ${req.customerId}
      ${bucket}
    ORDER BY rank, m.id
    LIMIT ${req.limit}`.execute(db);
  // bm25() is lower-is-better (negative); flip it so every dialect hands back higher-is-better.
  return rows.map((r) => ({ memory_id: r.memory_id, content: r.content, raw: -Number(r.rank) }));
}
