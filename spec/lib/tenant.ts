// A fresh tenant for HTTP tests, made the way customers are made: POST /auth/signup on the admin
// app (session token), then POST /account/api-keys (the egk_ key, shown once).
import crypto from 'node:crypto';
import { call, type RunningService } from './service.js';

export interface Tenant {
  email: string;
  password: string;
  customerId: string;
  /** Session JWT from signup. */
  session: string;
  /** API key (egk_...). */
  apiKey: string;
}

export async function newTenant(svc: RunningService, label = 'tenant'): Promise<Tenant> {
  const email = `${label}-${Date.now()}-${crypto.randomBytes(4).toString('hex')}@engram.test`;
  const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
  const signup = await call(`${svc.adminUrl}/auth/signup`, { body: { email, password, name: label } });
  if (signup.status !== 201)
    throw new Error(`newTenant: POST /auth/signup -> ${signup.status} ${signup.text.slice(0, 200)}`);
  const session: string = signup.body.token;
  const key = await call(`${svc.adminUrl}/account/api-keys`, {
    token: session,
    body: { name: `${label} key` },
  });
  if (key.status !== 201)
    throw new Error(`newTenant: POST /account/api-keys -> ${key.status} ${key.text.slice(0, 200)}`);
  return { email, password, customerId: signup.body.customer.id, session, apiKey: key.body.key };
}
