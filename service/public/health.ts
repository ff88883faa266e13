// GET /health on every app: the app's name, version and a live database round-trip.
// `?probe=<token>` is echoed back THROUGH the database (select $1), so a caller can tell a live
// round-trip from a cached or constant answer.
import { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { handler, route } from '../http/routes.js';
import { badRequest } from '../http/errors.js';

export type AppName = 'admin' | 'mcp' | 'router';

const PROBE = /^[A-Za-z0-9_-]{1,64}$/;

export function healthRoutes(ctx: AppContext, app: AppName): Router {
  const router = Router();
  route(router, '/health', {
    get: handler(async (req, res) => {
      const probe = typeof req.query.probe === 'string' ? req.query.probe : 'health';
      if (!PROBE.test(probe)) throw badRequest('probe: 1-64 characters of [A-Za-z0-9_-]');
      const started = performance.now();
      const latency = () => +(performance.now() - started).toFixed(3);
      let db: { ok: boolean; dialect: string; latency_ms: number; probe?: string; error?: string };
      try {
        const r = await sql<{ probe: string }>`select ${probe} as probe`.execute(ctx.store.db);
        const echoed = r.rows[0]?.probe;
        db = { ok: echoed === probe, dialect: ctx.store.dialect, latency_ms: latency(), probe: echoed };
      } catch {
        db = { ok: false, dialect: ctx.store.dialect, latency_ms: latency(), error: 'database unreachable' };
      }
      res.status(db.ok ? 200 : 503).json({ status: db.ok ? 'ok' : 'degraded', app, version: ctx.config.ENGRAM_VERSION, db });
    }),
  });
  return router;
}
