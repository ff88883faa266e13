import { z } from 'zod';
import { Timestamp } from './common.js';

const Id = z.union([z.string(), z.number()]).transform(String);

export const AdminStats = z.object({
  customers: z.number().int(),
  memories: z.number().int(),
  queries_24h: z.number().int(),
  recent_queries: z.array(z.object({ at: Timestamp, customer_id: Id, question: z.string() })),
});
export const AdminCustomers = z.object({
  customers: z.array(
    z.object({ id: Id, email: z.string(), billing_plan: z.string(), created_at: Timestamp }),
  ),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
});
export const AdminCustomer = z.object({
  id: Id,
  email: z.string(),
  name: z.string().nullable().optional(),
  billing_plan: z.string(),
  created_at: Timestamp,
  byok_validated_at: Timestamp.nullable(),
  api_key_count: z.number().int(),
  memory_count: z.number().int(),
});
export const Presets = z.object({
  presets: z.array(
    z.object({
      id: Id,
      name: z.string(),
      provider: z.string(),
      base_url: z.string().nullable(),
      model: z.string(),
    }),
  ),
});
