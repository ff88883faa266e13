/**
 * Which clause a standards check stands on, and MUST vs SHOULD. A broken MUST fails the check
 * (red); a broken SHOULD passes it with a `smoke.warning` annotation, printed `[warn]` in the
 * line and counted in the summary.
 *
 *   const std = stands(check, 'RFC 9728 §3.3');
 *   std.must(prm.resource === url, `resource ${prm.resource} != ${url}`);
 *   std.should(!('error' in params), 'error param without credentials', 'RFC 6750 §3.1');
 *   std.detail(`resource ${prm.resource}`);   // -> "resource ... [RFC 9728 §3.3 MUST]"
 */
import { test } from '@playwright/test';
import type { Check } from '../check.js';

export const CLAUSE_ANNOTATION = 'smoke.clause';
export const WARNING_ANNOTATION = 'smoke.warning';

export interface Standard {
  /** Fails the check unless cond holds (a MUST of `clause`). */
  must(cond: boolean, message: string): void;
  /** Records a warning unless cond holds (a SHOULD of `clause`, or of the check's own). */
  should(cond: boolean, message: string, clause?: string): boolean;
  /** The check's detail, with its clauses (and any warning) appended. */
  detail(text: string): void;
}

export function stands(check: Check, clause: string): Standard {
  const info = test.info();
  // clause -> its levels in this check, shown as "RFC 6749 §5.2 MUST+SHOULD".
  const levels = new Map<string, string[]>([[clause, ['MUST']]]);
  const warnings: string[] = [];
  info.annotations.push({ type: CLAUSE_ANNOTATION, description: `${clause} MUST` });
  const suffix = () =>
    `[${[...levels].map(([c, l]) => `${c} ${l.join('+')}`).join('; ')}]${warnings.length ? ` warn: ${warnings.join('; ')}` : ''}`;
  return {
    must(cond, message) {
      check.that(cond, `${message} (${clause} MUST)`);
    },
    should(cond, message, own = clause) {
      const l = levels.get(own) ?? [];
      if (!l.includes('SHOULD')) {
        levels.set(own, [...l, 'SHOULD']);
        info.annotations.push({ type: CLAUSE_ANNOTATION, description: `${own} SHOULD` });
      }
      if (cond) return true;
      warnings.push(`${message} (${own} SHOULD)`);
      const found = info.annotations.find((a) => a.type === WARNING_ANNOTATION);
      if (found) found.description = warnings.join('; ');
      else info.annotations.push({ type: WARNING_ANNOTATION, description: warnings.join('; ') });
      return false;
    },
    detail(text) {
      check.detail(`${text} ${suffix()}`);
    },
  };
}

/** An optional feature the server does not offer: a skip that names the clause making it optional. */
export function notOffered(what: string, clause: string): never {
  test.skip(true, `skipped: ${what} (optional, ${clause})`);
  throw new Error('unreachable: test.skip throws');
}
