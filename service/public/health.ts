// GET /health on every app: the app's name, version and a live database round-trip.
import { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { handler, route } from '../http/routes.js';

export type AppName = 'admin' | 'mcp' | 'router';

export function healthRoutes(ctx: AppContext, app: AppName): Router {
  const router = Router();
  route(router, '/health', {
    get: handler(async (_req, res) => {
      const started = performance.now();
      let db: { ok: boolean; dialect: string; latency_ms: number; error?: string };
      try {
        const r = await sql<{ one: number }>`select 1 as one`.execute(ctx.store.db);
        db = { ok: Number(r.rows[0]?.one) === 1, dialect: ctx.store.dialect, latency_ms: +(performance.now() - started).toFixed(2) };
      } catch {
        db = { ok: false, dialect: ctx.store.dialect, latency_ms: +(performance.now() - started).toFixed(2), error: 'database unreachable' };
      }
      res.status(db.ok ? 200 : 503).json({ status: db.ok ? 'ok' : 'degraded', app, version: ctx.config.ENGRAM_VERSION, db });
    }),
  });
  return router;
}
