// The admin endpoints: stats, customers (paginated), one customer, presets.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { ApiError, notFound } from '../http/errors.js';
import { handler } from '../http/routes.js';
import { parseBody } from '../http/validate.js';
import { countCustomers, countMemories, countQueriesSince, recentQueries } from './store/stats.js';
import { customerDetail, listCustomersPage, type PageCursor } from './store/customers.js';
import { PRESETS } from './presets.js';

type Options = { db: Kysely<Database> };

export const RECENT_QUERIES = 20;

export function statsHandler({ db }: Options): RequestHandler {
  return handler(async function stats(_req, res) {
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const [customers, memories, queries_24h, recent_queries] = await Promise.all([
      countCustomers(db),
      countMemories(db),
      countQueriesSince(db, since),
      recentQueries(db, RECENT_QUERIES),
    ]);
    res.json({ customers, memories, queries_24h, recent_queries });
  });
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

// The cursor is opaque to clients: base64url JSON of the last row's (created_at, id).
const encodeCursor = (c: PageCursor) =>
  Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
function decodeCursor(s: string): PageCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0]))
    ) {
      return { createdAt: new Date(v[0]).toISOString(), id: v[1] };
    }
  } catch {
    /* fall through */
  }
  throw new ApiError(400, 'invalid_request', 'cursor: not a cursor this service issued');
}

export function listCustomersHandler({ db }: Options): RequestHandler {
  return handler(async function listCustomers(req, res) {
    const q = parseBody(listQuery, req.query);
    const page = await listCustomersPage(db, q.limit, q.cursor ? decodeCursor(q.cursor) : null);
    res.json({
      customers: page.customers,
      total: page.total,
      next_cursor: page.next ? encodeCursor(page.next) : null,
    });
  });
}

export function customerDetailHandler({ db }: Options): RequestHandler {
  return handler(async function getCustomer(req, res) {
    const detail = await customerDetail(db, String(req.params.id));
    if (!detail) throw notFound('Customer');
    res.json(detail);
  });
}

export function presetsHandler(): RequestHandler {
  return handler(async function presets(_req, res) {
    res.json({ presets: PRESETS });
  });
}
