// Query: retrieval over the tenant's memories plus a composed answer. `configSet` names a BYOK
// config set of the tenant; when given, its provider composes (falling back to the extractive
// composer when the provider is unusable). Every query writes one query_log row.
import type { AppContext } from '../context.js';
import { composeWithProvider } from '../byok/compose.js';
import { nowIso } from '../db/time.js';
import { randomId } from '../auth/secrets.js';
import { MemoryError } from './errors.js';
import { checkQuestion } from './rules.js';
import { requireBucketByName } from './buckets.js';
import { searchMemories, type Hit } from './search/index.js';
import { composeExtractive } from './compose-extractive.js';

export const DEFAULT_TOP_K = 5;
export const MAX_TOP_K = 20;

export interface QueryInput {
  question: string;
  bucket?: string | null;
  topK?: number | null;
  configSet?: string | null;
}

export interface QueryResult {
  answer: string;
  context: Hit[];
  config_set: string | null;
  composer: string;
}

export async function queryMemories(ctx: AppContext, customerId: string, input: QueryInput): Promise<QueryResult> {
  const question = checkQuestion(input.question);
  const topK = Math.min(Math.max(Math.trunc(input.topK ?? DEFAULT_TOP_K), 1), MAX_TOP_K);
  const configName = input.configSet ? input.configSet : null;
  const config = configName ? await findConfigSet(ctx, customerId, configName) : undefined;
  const bucket = input.bucket ? await requireBucketByName(ctx.store, customerId, input.bucket) : undefined;

  const { hits } = await searchMemories(ctx.store, { customerId, question, bucketId: bucket?.id, limit: topK });

  let answer: string | null = null;
  let composer = 'extractive';
  if (config && hits.length) {
    answer = await composeWithProvider(ctx, config, question, hits);
    if (answer !== null) composer = `provider:${config.provider}`;
  }
  answer ??= composeExtractive(question, hits);

  await ctx.store.db
    .insertInto('query_log')
    .values({ id: randomId(), customer_id: customerId, question, config_set: configName, result_count: hits.length, created_at: nowIso() })
    .execute();
  return { answer, context: hits, config_set: configName, composer };
}

async function findConfigSet(ctx: AppContext, customerId: string, name: string) {
  const config = await ctx.store.db
    .selectFrom('byok_configs')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!config) throw new MemoryError('config_set_not_found', `BYOK config set ${JSON.stringify(name)} not found.`);
  return config;
}
