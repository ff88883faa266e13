import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  app: z.enum(['admin', 'mcp', 'router']),
  version: z.string().min(1),
  /** A live round-trip to the database, not a constant. */
  db: z.object({
    ok: z.boolean(),
    dialect: z.string().optional(),
    latency_ms: z.number().nonnegative().optional(),
    /** The ?probe= value, echoed back through the database. */
    probe: z.string().optional(),
  }),
});
export type Health = z.infer<typeof Health>;
