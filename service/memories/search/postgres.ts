// ==== PostgreSQL-specific full-text search (tsvector, ts_rank) ====
// memories.search is a generated column: to_tsvector('simple', content), GIN-indexed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RawHit, SearchRequest } from './types.js';

export async function searchPostgres(db: Kysely<Database>, req: SearchRequest): Promise<RawHit[]> {
  // Terms are letters and digits only, OR-ed with `|`, and bound as a parameter.
  const tsquery = req.terms.join(' | ');
  const bucket = req.bucketId === undefined ? sql`` : sql`AND m.bucket_id = ${req.bucketId}`;
  const { rows } = await sql<{ memory_id: string; content: string; rank: number }>`
    SELECT m.id AS memory_id, m.content AS content, ts_rank(m.search, q) AS rank
    FROM memories m, to_tsquery('simple', ${tsquery}) AS q
    WHERE m.customer_id = ${req.customerId}
      AND m.search @@ q
      ${bucket}
    ORDER BY rank DESC, m.id
    LIMIT ${req.limit}`.execute(db);
  return rows.map((r) => ({ memory_id: r.memory_id, content: r.content, raw: Number(r.rank) }));
}
