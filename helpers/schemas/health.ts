import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  app: z.enum(['admin', 'mcp', 'router']),
  version: z.string().min(1),
  db: z.unknown(),
});
export type Health = z.infer<typeof Health>;
