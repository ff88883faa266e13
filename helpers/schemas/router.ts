import { z } from 'zod';
import { Timestamp } from './common.js';

const Id = z.union([z.string(), z.number()]).transform(String);

export const Bucket = z.object({ id: Id, name: z.string(), memory_count: z.number().int().min(0) });
export const BucketList = z.object({ buckets: z.array(Bucket) });
export const Memory = z.object({ id: Id, content: z.string(), created_at: Timestamp });
export const BucketMemories = z.object({
  bucket: z.object({ id: Id, name: z.string() }),
  memories: z.array(Memory),
  total: z.number().int(),
});
