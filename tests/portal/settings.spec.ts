/** GET/PUT /account/settings: every field the portal edits persists; bad input changes nothing. */
import { randomBytes } from 'node:crypto';
import { test } from '../../helpers/fixtures.js';
import { PortalSettings, type PortalSettingsValues } from '../../helpers/schemas/index.js';

const ZONES = ['Europe/Paris', 'Asia/Tokyo', 'America/Chicago', 'Australia/Sydney'];

/** A value for every field, each different from its current one. */
function freshValues(cur: PortalSettingsValues): PortalSettingsValues {
  const hex = randomBytes(4).toString('hex');
  let retention = 30 + (randomBytes(2).readUInt16BE() % 3000);
  if (retention === cur.retention_days) retention++;
  return {
    display_name: `Smoke ${hex}`,
    timezone: ZONES.filter((z) => z !== cur.timezone)[randomBytes(1)[0]! % (ZONES.length - 1)]!,
    default_bucket: `smoke-${hex}`,
    email_notifications: !cur.email_notifications,
    retention_days: retention,
  };
}

const diff = (a: PortalSettingsValues, b: PortalSettingsValues) =>
  (Object.keys(a) as Array<keyof PortalSettingsValues>).filter((k) => a[k] !== b[k]);

test('settings.get.all_fields', async ({ session, http, check }) => {
  // Saved through the API key, read through the session: GET shows the stored values, not defaults.
  const before = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const want = freshValues(before);
  const api = await http({ auth: 'apiKey' });
  await check.json(await api.put('/account/settings', { data: want }), 200, PortalSettings);
  const body = await check.json(await session.get('/account/settings'), 200, PortalSettings);
  const off = diff(want, body.settings);
  check.that(
    off.length === 0,
    `GET after a PUT of every field shows ${off.map((k) => `${k} ${String(body.settings[k])} (saved ${String(want[k])})`).join(', ')}`,
  );
  check.detail(
    `5 fields read back as just saved: timezone ${body.settings.timezone}, default_bucket ${body.settings.default_bucket}, email_notifications ${body.settings.email_notifications}, retention_days ${body.settings.retention_days}`,
  );
});

test('settings.put.round_trip_every_field', { tag: ['@critical'] }, async ({ session, http, check }) => {
  const before = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const want = freshValues(before);
  const put = (await check.json(await session.put('/account/settings', { data: want }), 200, PortalSettings))
    .settings;
  const putDiff = diff(want, put);
  check.that(putDiff.length === 0, `PUT response does not echo ${putDiff.join(', ')}`);
  // A fresh context and the API key: the value is stored, not cached in the session.
  const api = await http({ auth: 'apiKey' });
  const after = (await check.json(await api.get('/account/settings'), 200, PortalSettings)).settings;
  const lost = diff(want, after);
  check.that(
    lost.length === 0,
    `not persisted on a fresh GET: ${lost.map((k) => `${k} (sent ${String(want[k])}, read ${String(after[k])})`).join(', ')}`,
  );
  check.detail(
    `all 5 fields changed and read back (display_name, timezone ${after.timezone}, default_bucket, email_notifications ${after.email_notifications}, retention_days ${after.retention_days})`,
  );
});

test('settings.put.partial_keeps_other_fields', async ({ session, check }) => {
  const before = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const name = `Smoke partial ${randomBytes(3).toString('hex')}`;
  await check.json(
    await session.put('/account/settings', { data: { display_name: name } }),
    200,
    PortalSettings,
  );
  const after = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  check.that(after.display_name === name, 'display_name not persisted by a partial PUT');
  const others = diff({ ...before, display_name: name }, after);
  check.that(others.length === 0, `a PUT of display_name alone changed ${others.join(', ')}`);
  check.detail(`PUT {display_name} changed only display_name; 4 other fields kept`);
});

test('settings.put.unknown_field_rejected_nothing_changed', async ({ session, check }) => {
  const before = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const field = `smoke_unknown_${randomBytes(3).toString('hex')}`;
  const res = await session.put('/account/settings', {
    data: { display_name: `Smoke never ${field}`, [field]: true },
  });
  const err = await check.error(res, 400, 'invalid_request');
  check.that(err.message.includes(field), `400 ${err.code} message does not name the unknown field`);
  const after = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const changed = diff(before, after);
  check.that(changed.length === 0, `the refused PUT still changed ${changed.join(', ')}`);
  check.status(400);
  check.detail(`PUT with an unknown field -> 400 ${err.code} naming it; settings unchanged`);
});

test('settings.put.invalid_value_rejected_nothing_changed', async ({ session, check }) => {
  const before = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const res = await session.put('/account/settings', {
    data: { email_notifications: 'yes', timezone: 'Mars/Olympus_Mons' },
  });
  const err = await check.error(res, 400, 'invalid_request');
  check.that(
    /email_notifications|timezone/.test(err.message),
    `400 ${err.code} message names neither email_notifications nor timezone`,
  );
  const after = (await check.json(await session.get('/account/settings'), 200, PortalSettings)).settings;
  const changed = diff(before, after);
  check.that(changed.length === 0, `the refused PUT still changed ${changed.join(', ')}`);
  check.status(400);
  check.detail(
    `PUT email_notifications:"yes" + unknown zone -> 400 ${err.code} naming the field; settings unchanged`,
  );
});
