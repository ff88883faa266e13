/**
 * Memories through the MCP tools for the mcp and router checks: unique markers and buckets, and a
 * store that ledgers every memory it creates right away (teardown deletes it).
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { CheckFailure } from '../check.js';
import type { McpSession, ToolResult } from '../protocol/mcp-client.js';
import type { LedgerApi } from '../run/ledger.js';
import { ListMemoriesResult, StoreMemoryResult } from '../schemas/index.js';

export const hex = (bytes = 4): string => randomBytes(bytes).toString('hex');
/** A word no memory of any tenant contains by chance: one full-text token. */
export const marker = (): string => `smokemarker${hex(6)}`;
/** A bucket name of this run alone ([a-z0-9_-]{1,40}). */
export const uniqueBucket = (what = 'b'): string => `smoke-${what}-${hex(5)}`.slice(0, 40);

export interface Stored {
  memory_id: string;
  bucket_id: string;
  bucket: string;
  deduplicated: boolean;
  content: string;
}

/** Any memory a store call made (even one the check expected to be refused) goes into the ledger. */
export function ledgerStored(ledger: LedgerApi, r: ToolResult): void {
  const id = (r.data as { memory_id?: unknown } | undefined)?.memory_id;
  if (!r.isError && (typeof id === 'string' || typeof id === 'number'))
    ledger.add({ kind: 'memory', id: String(id) });
}

/** store_memory that must succeed (a precondition or the subject): parsed, ledgered. */
export async function storeMemory(
  mcp: McpSession,
  ledger: LedgerApi,
  args: { content: string; bucket?: string },
): Promise<Stored> {
  const r = await mcp.callTool('store_memory', args);
  ledgerStored(ledger, r);
  if (r.isError) throw new CheckFailure(`store_memory refused: ${r.text.slice(0, 160)}`);
  const parsed = StoreMemoryResult.safeParse(r.data);
  if (!parsed.success)
    throw new CheckFailure(
      `store_memory result shape: ${parsed.error.issues[0]?.path.join('.') || '(root)'} ${parsed.error.issues[0]?.message}`,
    );
  return { ...parsed.data, content: args.content };
}

export async function listMemories(mcp: McpSession, bucket: string): Promise<MemoryList> {
  const r = await mcp.callTool('list_memories', { bucket });
  if (r.isError) throw new CheckFailure(`list_memories(${bucket}) refused: ${r.text.slice(0, 160)}`);
  const parsed = ListMemoriesResult.safeParse(r.data);
  if (!parsed.success)
    throw new CheckFailure(
      `list_memories result shape: ${parsed.error.issues[0]?.path.join('.') || '(root)'} ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

export type MemoryList = z.infer<typeof ListMemoriesResult>;
