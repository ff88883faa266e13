// The documented memory rules (docs/contract.md "Memories"): content limits, the dedup key and
// the auto-bucket rule. Pure functions, shared by every surface.
import { sha256 } from '../auth/secrets.js';
import { MemoryError } from './errors.js';

/** Maximum stored content, in UTF-8 bytes of the trimmed content. */
export const MAX_MEMORY_BYTES = 16384;
export const MAX_QUESTION_CHARS = 2000;
export const DEFAULT_BUCKET = 'inbox';
export const BUCKET_NAME = /^[a-z0-9_-]{1,40}$/;

/** Trimmed content, or a MemoryError naming the rule it breaks. */
export function checkContent(content: string): string {
  const trimmed = content.trim();
  if (!trimmed) throw new MemoryError('content_empty', 'content must not be empty or whitespace-only.');
  const bytes = Buffer.byteLength(trimmed, 'utf8');
  if (bytes > MAX_MEMORY_BYTES) {
    throw new MemoryError(
      'content_too_large',
      `content is ${bytes} bytes; the limit is ${MAX_MEMORY_BYTES} bytes (UTF-8).`,
    );
  }
  return trimmed;
}

/** Dedup key: sha256 of the content trimmed, whitespace-collapsed and lower-cased. */
export function contentHash(content: string): string {
  return sha256(content.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** A bucket name given by the caller, lower-cased, or a MemoryError. */
export function checkBucketName(name: string): string {
  const n = name.trim().toLowerCase();
  if (!BUCKET_NAME.test(n)) {
    throw new MemoryError('bucket_name', `bucket must match [a-z0-9_-]{1,40} (got ${JSON.stringify(name.slice(0, 60))}).`);
  }
  return n;
}

// A hashtag starts after a non-word character (so "C#" and "page#anchor" are not tags) and
// ends where the word ends (so "#café" is not silently cut to "caf").
const HASHTAG = /(?<![\p{L}\p{N}_#/&-])#([A-Za-z0-9_-]+)(?![\p{L}\p{N}])/gu;

/** Auto-bucket rule: the first #hashtag (lower-cased, [a-z0-9_-]{1,40}), else 'inbox'. */
export function autoBucket(content: string): string {
  for (const m of content.matchAll(HASHTAG)) {
    const tag = m[1].toLowerCase();
    if (BUCKET_NAME.test(tag)) return tag;
  }
  return DEFAULT_BUCKET;
}

/** The question trimmed, or a MemoryError. */
export function checkQuestion(question: string): string {
  const q = question.trim();
  if (!q) throw new MemoryError('question_empty', 'question must not be empty or whitespace-only.');
  if (q.length > MAX_QUESTION_CHARS) {
    throw new MemoryError('question_too_long', `question is ${q.length} characters; the limit is ${MAX_QUESTION_CHARS}.`);
  }
  return q;
}
