// The memories domain: one implementation behind the MCP tools and the router.
export { MemoryError, type MemoryRule } from './errors.js';
export { MAX_MEMORY_BYTES, DEFAULT_BUCKET, autoBucket, contentHash, checkContent, checkBucketName } from './rules.js';
export { ensureBucket, findBucketById, findBucketByName, requireBucketByName, listBuckets, type BucketSummary, type BucketRef } from './buckets.js';
export { storeMemory, listMemories, deleteMemory, type StoreResult, type MemoryRow, type MemoryPage } from './memories.js';
export { queryMemories, DEFAULT_TOP_K, MAX_TOP_K, type QueryInput, type QueryResult } from './query.js';
export { composeExtractive } from './compose-extractive.js';
