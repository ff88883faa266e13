import { z } from 'zod';
import { Timestamp } from './common.js';

export const Customer = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  email: z.email(),
  name: z.string().nullable().optional(),
  billing_plan: z.string(),
  created_at: Timestamp,
});
export const SignupResponse = z.object({ customer: Customer, token: z.string().min(20) });
export const LoginResponse = z.object({ token: z.string().min(20), expires_at: Timestamp });
