/** The MCP tools' structuredContent. */
import { z } from 'zod';
import { BucketList, Memory } from './router.js';

const Id = z.union([z.string(), z.number()]).transform(String);

export const StoreMemoryResult = z.object({
  memory_id: Id,
  bucket_id: Id,
  bucket: z.string(),
  deduplicated: z.boolean(),
});
export const QueryResult = z.object({
  answer: z.string(),
  context: z.array(z.object({ memory_id: Id, content: z.string(), score: z.number().gt(0).lte(1) })),
  config_set: z.string().nullable(),
  composer: z.string().optional(),
});
export const ListMemoriesResult = z.object({ memories: z.array(Memory), total: z.number().int() });
export const ListBucketsResult = BucketList;
export const DeleteMemoryResult = z.object({ deleted: z.literal(true) });
