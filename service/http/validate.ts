// Boundary validation: zod safeParse, and a 400 whose message names the field.
import type { z } from 'zod';
import { ApiError } from './errors.js';

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'body';
  throw new ApiError(400, 'invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
}
