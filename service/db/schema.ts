// The database, one interface per table. Timestamps are ISO 8601 strings on both dialects
// (connect.ts makes PostgreSQL return them that way); JSON columns are text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'customer' | 'admin';

export interface CustomersTable {
  id: string;
  email: string;
  name: string | null;
  password_hash: string;
  role: Role;
  billing_plan: string;
  billing_status: string;
  settings: string;
  stripe_customer_id: string | null;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  customer_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  customer_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ByokConfigsTable {
  id: string;
  customer_id: string;
  name: string;
  provider: string;
  base_url: string | null;
  api_key_encrypted: string;
  api_key_masked: string;
  model: string;
  overrides: string;
  byok_validated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BucketsTable {
  id: Generated<number>;
  customer_id: string;
  name: string;
  created_at: string;
}

export interface MemoriesTable {
  id: string;
  customer_id: string;
  bucket_id: number;
  content: string;
  content_hash: string;
  created_at: string;
}

export interface QueryLogTable {
  id: string;
  customer_id: string;
  question: string;
  config_set: string | null;
  result_count: number;
  created_at: string;
}

export interface OAuthClientsTable {
  client_id: string;
  client_secret_hash: string | null;
  metadata: string;
  created_at: string;
}

export interface OAuthCodesTable {
  code_hash: string;
  client_id: string;
  customer_id: string;
  redirect_uri: string;
  code_challenge: string;
  scopes: string;
  resource: string | null;
  family_id: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface OAuthTokensTable {
  token_hash: string;
  kind: 'access' | 'refresh';
  client_id: string;
  customer_id: string;
  scopes: string;
  resource: string | null;
  family_id: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface WebhookEventsTable {
  event_id: string;
  type: string;
  customer_id: string | null;
  received_at: string;
}

export interface Database {
  customers: CustomersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  byok_configs: ByokConfigsTable;
  buckets: BucketsTable;
  memories: MemoriesTable;
  query_log: QueryLogTable;
  oauth_clients: OAuthClientsTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
  webhook_events: WebhookEventsTable;
}

export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
export type Session = Selectable<SessionsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type ByokConfig = Selectable<ByokConfigsTable>;
export type Bucket = Selectable<BucketsTable>;
export type Memory = Selectable<MemoriesTable>;
export type QueryLogRow = Selectable<QueryLogTable>;
export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type OAuthCodeRow = Selectable<OAuthCodesTable>;
export type OAuthTokenRow = Selectable<OAuthTokensTable>;

/** The full list of tables and columns every dialect must have after migrating. */
export const EXPECTED_COLUMNS: Record<keyof Database, string[]> = {
  customers: ['id', 'email', 'name', 'password_hash', 'role', 'billing_plan', 'billing_status', 'settings', 'stripe_customer_id', 'created_at'],
  sessions: ['id', 'customer_id', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at'],
  api_keys: ['id', 'customer_id', 'name', 'prefix', 'key_hash', 'created_at', 'last_used_at', 'revoked_at'],
  byok_configs: ['id', 'customer_id', 'name', 'provider', 'base_url', 'api_key_encrypted', 'api_key_masked', 'model', 'overrides', 'byok_validated_at', 'created_at', 'updated_at'],
  buckets: ['id', 'customer_id', 'name', 'created_at'],
  memories: ['id', 'customer_id', 'bucket_id', 'content', 'content_hash', 'created_at'],
  query_log: ['id', 'customer_id', 'question', 'config_set', 'result_count', 'created_at'],
  oauth_clients: ['client_id', 'client_secret_hash', 'metadata', 'created_at'],
  oauth_codes: ['code_hash', 'client_id', 'customer_id', 'redirect_uri', 'code_challenge', 'scopes', 'resource', 'family_id', 'expires_at', 'used_at', 'created_at'],
  oauth_tokens: ['token_hash', 'kind', 'client_id', 'customer_id', 'scopes', 'resource', 'family_id', 'expires_at', 'rotated_at', 'revoked_at', 'created_at'],
  webhook_events: ['event_id', 'type', 'customer_id', 'received_at'],
};
