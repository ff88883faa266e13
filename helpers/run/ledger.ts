/**
 * The cleanup ledger: an append-only JSON-lines file in the run dir, shared by global setup and
 * every worker. Register the undo of anything you create BEFORE checks depend on it;
 * global-teardown walks the ledger in reverse, pass or fail.
 * `secret` (a token to revoke) makes the file sensitive: mode 0600, deleted at exit.
 */
import fs from 'node:fs';
import { paths } from './paths.js';
import { rememberSecret } from '../redact/secrets.js';

export type UndoKind =
  | 'memory' // MCP delete_memory {memory_id: id}
  | 'api_key' // DELETE /account/api-keys/:id
  | 'byok' // DELETE /account/byok/:id
  | 'oauth_token' // POST /revoke {token: secret, client_id: id}
  | 'oauth_client' // no delete endpoint in the contract: reported, not undone
  | 'session'; // POST /auth/logout with Bearer secret

export interface LedgerEntry {
  kind: UndoKind;
  id: string;
  surface: 'admin' | 'mcp' | 'router';
  created_by: string;
  secret?: string;
  /** The tenant credential teardown itself needs: undone last. */
  credential?: boolean;
  /** Whose thing it is: the run's tenant (default) or its second tenant, whose session undoes it. */
  owner?: 'tenant' | 'foreign';
}

/** What a check or helper may do with the ledger (the `ledger` fixture): add; the surface defaults to the check's. */
export interface LedgerApi {
  add(entry: Omit<LedgerEntry, 'created_by' | 'surface'> & { surface?: LedgerEntry['surface'] }): void;
}

export function registerUndo(entry: LedgerEntry): void {
  if (entry.secret) rememberSecret(entry.secret);
  fs.mkdirSync(paths.runDir, { recursive: true, mode: 0o700 });
  fs.appendFileSync(paths.ledger, JSON.stringify(entry) + '\n', { mode: 0o600 });
}

export function readLedger(file: string = paths.ledger): LedgerEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as LedgerEntry];
      } catch {
        return []; // torn line from a killed worker
      }
    });
}

/** Reverse creation order, but the credentials teardown uses come last. */
export function undoOrder(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const reversed = [...entries].reverse();
  return [...reversed.filter((e) => !e.credential), ...reversed.filter((e) => e.credential)];
}
