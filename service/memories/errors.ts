// Memory errors are ApiErrors with a stable code AND the rule that was broken, so the REST error
// handler turns them into responses as is, and the MCP tools turn them into tool errors.
import { ApiError } from '../http/errors.js';

export type MemoryRule =
  | 'content_empty'
  | 'content_too_large'
  | 'bucket_name'
  | 'question_empty'
  | 'question_too_long'
  | 'bucket_not_found'
  | 'memory_not_found'
  | 'config_set_not_found';

const STATUS: Record<MemoryRule, [number, string]> = {
  content_empty: [400, 'invalid_request'],
  content_too_large: [413, 'payload_too_large'],
  bucket_name: [400, 'invalid_request'],
  question_empty: [400, 'invalid_request'],
  question_too_long: [400, 'invalid_request'],
  bucket_not_found: [404, 'not_found'],
  memory_not_found: [404, 'not_found'],
  config_set_not_found: [404, 'not_found'],
};

export class MemoryError extends ApiError {
  constructor(
    readonly rule: MemoryRule,
    message: string,
  ) {
    super(STATUS[rule][0], STATUS[rule][1], message);
    this.name = 'MemoryError';
  }
}
