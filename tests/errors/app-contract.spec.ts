/**
 * Every app answers the same HTTP contract (docs/contract.md "Errors"): a wrong method is 405 with
 * an Allow header and the JSON envelope, an unknown method (WebDAV PROPFIND) too, HEAD answers like
 * GET without a body, and a POST to an unknown path is a JSON 404. Admin, mcp and router alike:
 * one app wired differently (its own error handler, a missing 405 route) goes red by name.
 */
import { randomBytes } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { Health } from '../../helpers/schemas/index.js';

const APPS = ['admin', 'mcp', 'router'] as const;
/** A customer read of each app, besides /health (the mcp app has only /mcp, which is POST-first). */
const READS: Record<(typeof APPS)[number], string | null> = {
  admin: '/account/profile',
  mcp: null,
  router: '/router/buckets',
};

const allowOf = (h: Record<string, string>): string[] =>
  (h['allow'] ?? '')
    .split(/\s*,\s*/)
    .filter(Boolean)
    .map((m) => m.toUpperCase());

for (const app of APPS) {
  test(`app_contract.${app}.wrong_and_unknown_method_405_allow`, async ({ http, check }) => {
    const ctx = await http({ app, auth: app === 'mcp' ? 'none' : 'apiKey' });
    const paths = ['/health', ...(READS[app] ? [READS[app]!] : [])];
    const seen: string[] = [];
    const responses = await Promise.all(
      paths.flatMap((p) => [
        ctx.fetch(p, { method: 'DELETE' }).then((r) => ['DELETE', p, r] as const),
        ctx.fetch(p, { method: 'PROPFIND' }).then((r) => ['PROPFIND', p, r] as const),
      ]),
    );
    for (const [method, p, res] of responses) {
      const err = await check.error(res, 405, 'method_not_allowed');
      const allow = allowOf(res.headers());
      check.that(
        allow.includes('GET') && allow.includes('HEAD'),
        `${method} ${p} on ${app}: Allow "${allow.join(', ')}" lacks GET or HEAD`,
      );
      check.that(!allow.includes(method), `${method} ${p} on ${app} refused, but Allow lists ${method}`);
      seen.push(`${method} ${p} 405 ${err.code} Allow ${allow.join('/')}`);
    }
    check.detail(`${app}: ${seen.join('; ')}`);
  });

  test(`app_contract.${app}.head_like_get`, async ({ http, check }) => {
    const ctx = await http({ app, auth: app === 'mcp' ? 'none' : 'apiKey' });
    const probe = `hd${randomBytes(4).toString('hex')}`;
    const paths = [`/health?probe=${probe}`, ...(READS[app] ? [READS[app]!] : [])];
    const pairs = await Promise.all(
      paths.map(async (p) => [p, await ctx.head(p), await ctx.get(p)] as const),
    );
    const seen: string[] = [];
    for (const [p, head, get] of pairs) {
      const where = p.split('?')[0];
      await check.expectStatus(head, get.status());
      check.equal(get.status(), 200, `GET ${where} on ${app}: status`);
      const body = await head.body();
      check.equal(body.length, 0, `HEAD ${where} on ${app}: body bytes`);
      const [ht, gt] = [head.headers()['content-type'] ?? '', get.headers()['content-type'] ?? ''];
      check.that(
        /^application\/json/.test(ht) && ht === gt,
        `HEAD ${where} content-type "${ht}", GET's "${gt}"`,
      );
      check.equal(
        head.headers()['cache-control'],
        get.headers()['cache-control'],
        `HEAD ${where}: Cache-Control vs GET's`,
      );
      seen.push(`${where} 200/${body.length}B ${ht.split(';')[0]}`);
    }
    // The HEAD reached the database like the GET (same app, db live), not a canned answer.
    const health = check.parse(Health, await pairs[0]![2].json(), `GET /health on ${app}`);
    check.that(
      health.app === app && health.db.probe === probe,
      `GET /health on ${app}: app ${health.app}, probe ${health.db.probe ?? 'none'}`,
    );
    check.detail(`${app}: HEAD ${seen.join(', ')}, same status and headers as GET`);
  });

  test(`app_contract.${app}.post_unknown_path_404_json`, async ({ http, check }) => {
    const ctx = await http({ app, auth: 'none' });
    const path = `/smoke-no-such-route-${randomBytes(4).toString('hex')}`;
    const res = await ctx.post(path, { data: { probe: true } });
    const err = await check.error(res, 404, 'not_found');
    check.detail(
      `POST <unknown path> with a JSON body on ${app} -> 404 ${err.code} as ${err.contentType.split(';')[0]}`,
    );
  });
}
