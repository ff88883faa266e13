/**
 * A JSON API takes JSON however its media type is spelled: with parameters
 * (`application/json; charset=utf-8`, what many clients send) and in any case (RFC 9110 §8.3.1:
 * type, subtype and the charset value are case-insensitive). 415 is for bodies that are not JSON.
 */
import { randomBytes } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { ApiKeyCreated } from '../../helpers/schemas/index.js';

const SPELLINGS = [
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'Application/JSON',
] as const;

test('media_type.json_with_parameters.accepted', async ({ session, check, ledger }) => {
  // The name carries a character beyond ASCII, so the charset is honoured, not just tolerated.
  const names = SPELLINGS.map((_, i) => `smoke-ctype-${i}-ü-${randomBytes(3).toString('hex')}`);
  const responses = await Promise.all(
    SPELLINGS.map((type, i) =>
      session.post('/account/api-keys', {
        headers: { 'content-type': type },
        data: Buffer.from(JSON.stringify({ name: names[i] }), 'utf8'),
      }),
    ),
  );
  // Every key made is undone, whatever the verdict on the others.
  for (const res of responses)
    if (res.status() === 201) {
      const id = ((await res.json().catch(() => ({}))) as { id?: unknown }).id;
      if (id !== undefined) ledger.add({ kind: 'api_key', id: String(id) });
    }
  const refused = SPELLINGS.flatMap((type, i) =>
    responses[i]!.status() === 201 ? [] : [`"${type}" -> ${responses[i]!.status()}`],
  );
  check.status(refused.length ? responses.find((r) => r.status() !== 201)!.status() : 201);
  check.that(refused.length === 0, `POST /account/api-keys with JSON as ${refused.join(', ')}, want 201`);
  for (const [i, res] of responses.entries()) {
    const key = await check.json(res, 201, ApiKeyCreated);
    check.equal(key.name, names[i], `name echoed for content-type "${SPELLINGS[i]}"`);
  }
  check.detail(
    `JSON as ${SPELLINGS.map((t) => `"${t}"`).join(', ')} -> 201 each, the non-ASCII name echoed intact`,
  );
});
