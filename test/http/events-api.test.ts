import assert from 'node:assert/strict';
import ical, { type VEvent } from 'node-ical';
import { applyRsvp, type Rsvp } from '@yhdistysyhteistyo/contract/events/rsvp';
import { localToUtc, utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { wheelImageUrl } from '../../bot/src/http/signed-links';
import { FeedSecretStore } from '../../bot/src/storage/events-store';
import { RsvpStore } from '../../bot/src/storage/rsvp-store';
import { TABLES } from '../../bot/src/storage/tables';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

interface EventView {
  id: string;
  kind: string;
  state: string;
  etag: string;
  start: string;
  end: string;
  registrationDeadline?: string;
  icsUrl: string;
  counts?: { yes: number; maybe: number; no: number; total: number };
  title: { fi: string; en: string };
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
  current?: EventView | null;
}
interface RsvpList {
  counts: { yes: number; maybe: number; no: number; total: number };
  mine?: Rsvp;
  items?: Rsvp[];
}

/** A year safely ahead of the test machine's clock. */
const Y = new Date().getUTCFullYear() + 2;

const evening = (over: Record<string, unknown> = {}) => ({
  kind: 'evening',
  title: { fi: 'Kevään yhdistysilta', en: 'Spring association evening' },
  start: `${Y}-02-22T17:30`,
  end: `${Y}-02-22T20:00`,
  host: 'Järjestökoordinaattori',
  registrationDeadline: `${Y}-02-19T16:00`,
  place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/kevat', address: 'Kaupungintalo' },
  agenda: [{ start: '17:30', end: '18:00', title: { fi: 'Yhteinen avaus', en: 'Joint opening' } }],
  ...over,
});

describe('events API', function () {
  this.timeout(60_000);
  let t: TestApp;
  const tokens: Record<string, string> = {};

  before(async () => {
    t = await startTestApp();
    for (const [role, upn] of Object.entries(DEMO)) tokens[role] = await devToken(t.url, upn);
  });
  after(async () => {
    await t?.stop();
  });

  const as = (role: keyof typeof DEMO) => tokens[role];
  const createEvening = async (over: Record<string, unknown> = {}) => {
    const res = await api<EventView>(t.url, as('coordinator'), '/api/v1/events', {
      method: 'POST',
      json: evening(over),
    });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const publish = async (id: string) => {
    const res = await api<EventView>(t.url, as('coordinator'), `/api/v1/events/${id}/publish`, {
      method: 'POST',
    });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const answer = (role: keyof typeof DEMO, id: string, body: unknown, lang = 'fi') =>
    api<{ rsvp: Rsvp; counts: RsvpList['counts'] } & ErrorBody>(
      t.url,
      as(role),
      `/api/v1/events/${id}/rsvps`,
      { method: 'PUT', json: body, headers: { 'Accept-Language': lang } },
    );

  describe('events', () => {
    it('needs a bearer token', async () => {
      const res = await api<ErrorBody>(t.url, undefined, '/api/v1/events');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'unauthorized');
    });

    it('creates an evening as a draft that only coordinators see, times stored in UTC', async () => {
      const e = await createEvening();
      assert.equal(e.state, 'draft');
      assert.equal(e.start, localToUtc(`${Y}-02-22T17:30`));
      assert.equal(utcToLocal(e.start), `${Y}-02-22T17:30`);
      assert.ok(e.etag);
      const reader = await api(t.url, as('reader'), `/api/v1/events/${e.id}`);
      assert.equal(reader.status, 404);
      const coord = await api<EventView>(t.url, as('coordinator'), `/api/v1/events/${e.id}`);
      assert.equal(coord.status, 200);
      assert.equal(coord.headers.get('etag'), e.etag);
    });

    it('refuses bad input with messages in the caller language and stores nothing', async () => {
      const before = await api<{ items: EventView[] }>(t.url, as('coordinator'), '/api/v1/events');
      const fi = await api<ErrorBody>(t.url, as('coordinator'), '/api/v1/events', {
        method: 'POST',
        json: evening({ end: `${Y}-02-22T17:00`, registrationDeadline: `${Y}-02-23T10:00` }),
      });
      assert.equal(fi.status, 400);
      assert.equal(fi.body.error.code, 'validation');
      assert.deepEqual(fi.body.error.fields, {
        end: 'Päättymisajan pitää olla alkamisajan jälkeen.',
        registrationDeadline: 'Ilmoittautumisen takarajan pitää olla ennen alkamisaikaa.',
      });
      // The spring-forward night: the last Sunday of March, 03.00–03.59 does not exist.
      let sunday = 31;
      while (new Date(Date.UTC(Y, 2, sunday)).getUTCDay() !== 0) sunday--;
      const en = await api<ErrorBody>(t.url, as('coordinator'), '/api/v1/events', {
        method: 'POST',
        json: evening({
          start: `${Y}-03-${sunday}T03:30`,
          end: `${Y}-03-${sunday}T05:00`,
          registrationDeadline: `${Y}-03-01T10:00`,
          agenda: [],
        }),
        headers: { 'Accept-Language': 'en' },
      });
      assert.equal(en.status, 400);
      assert.deepEqual(en.body.error.fields, {
        start: 'This time does not exist in Finland: the clocks move forward an hour then.',
      });
      const past = await api<ErrorBody>(t.url, as('coordinator'), '/api/v1/events', {
        method: 'POST',
        json: evening({
          start: '2020-02-22T17:30',
          end: '2020-02-22T20:00',
          registrationDeadline: '2020-02-19T16:00',
        }),
        headers: { 'Accept-Language': 'en' },
      });
      assert.equal(past.status, 400);
      assert.equal(
        past.body.error.fields?.start,
        'This time has passed. If you are recording an event already held, mark it as a record.',
      );
      const after = await api<{ items: EventView[] }>(t.url, as('coordinator'), '/api/v1/events');
      assert.equal(after.body.items.length, before.body.items.length);
    });

    it('lets only coordinators write', async () => {
      const res = await api<ErrorBody>(t.url, as('contact'), '/api/v1/events', {
        method: 'POST',
        json: evening(),
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    });

    it('needs If-Match to change and refuses a stale ETag with 409 and the current version', async () => {
      const e = await createEvening();
      const path = `/api/v1/events/${e.id}`;
      const none = await api<ErrorBody>(t.url, as('coordinator'), path, {
        method: 'PUT',
        json: evening({ title: { fi: 'Uusi nimi' } }),
      });
      assert.equal(none.status, 428);
      const first = await api<EventView>(t.url, as('coordinator'), path, {
        method: 'PUT',
        json: evening({ title: { fi: 'Uusi nimi' } }),
        headers: { 'If-Match': e.etag },
      });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.title.fi, 'Uusi nimi');
      const stale = await api<ErrorBody>(t.url, as('coordinator'), path, {
        method: 'PUT',
        json: evening({ title: { fi: 'Toinen nimi' } }),
        headers: { 'If-Match': e.etag },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, 'conflict');
      assert.equal(stale.body.current?.title.fi, 'Uusi nimi');
      assert.equal(stale.body.current?.etag, first.body.etag);
      const kind = await api<ErrorBody>(t.url, as('coordinator'), path, {
        method: 'PUT',
        json: {
          kind: 'item',
          title: { fi: 'x' },
          category: 'other',
          start: `${Y}-02-01T10:00`,
          end: `${Y}-02-01T11:00`,
        },
        headers: { 'If-Match': first.body.etag },
      });
      assert.equal(kind.status, 409);
      assert.equal(kind.body.error.code, 'kind_change');
    });

    it('lists by range and type, hiding drafts from readers', async () => {
      const draft = await createEvening({
        start: `${Y}-09-10T17:30`,
        end: `${Y}-09-10T19:00`,
        registrationDeadline: `${Y}-09-01T12:00`,
      });
      const published = await createEvening({
        start: `${Y}-09-17T17:30`,
        end: `${Y}-09-17T19:00`,
        registrationDeadline: `${Y}-09-10T12:00`,
      });
      await publish(published.id);
      const q = `/api/v1/events?from=${Y}-09-01&to=${Y}-09-30&type=evening`;
      const coord = await api<{ items: EventView[] }>(t.url, as('coordinator'), q);
      assert.deepEqual(
        coord.body.items.map((e) => e.id),
        [draft.id, published.id],
      );
      const reader = await api<{ items: EventView[] }>(t.url, as('reader'), q);
      assert.deepEqual(
        reader.body.items.map((e) => e.id),
        [published.id],
      );
      const upTo16th = await api<{ items: EventView[] }>(
        t.url,
        as('coordinator'),
        `/api/v1/events?from=${Y}-09-01&to=${Y}-09-16`,
      );
      assert.deepEqual(
        upTo16th.body.items.map((e) => e.id),
        [draft.id],
      );
      const bad = await api<ErrorBody>(t.url, as('reader'), '/api/v1/events?from=2027-13-01');
      assert.equal(bad.status, 400);
      assert.ok(bad.body.error.fields?.from);
    });
  });

  describe('answers', () => {
    let id = '';
    before(async () => {
      const e = await createEvening({ capacity: 50 });
      id = (await publish(e.id)).id;
    });

    it('takes one answer per person, changeable, with counts for everyone', async () => {
      const a = await answer('contact', id, {
        answer: 'yes',
        association: 'Kaupungin Kamarikuoro ry',
        contentWish: 'Tilavaraukset',
      });
      assert.equal(a.status, 200, a.text);
      assert.deepEqual(a.body.counts, { yes: 1, maybe: 0, no: 0, total: 1 });
      await answer('contact2', id, { answer: 'maybe' });
      await answer('reader', id, { answer: 'no' });
      const changed = await answer('contact2', id, { answer: 'yes', contentWish: 'Avustukset' });
      assert.deepEqual(changed.body.counts, { yes: 2, maybe: 0, no: 1, total: 3 });
      assert.equal(changed.body.rsvp.via, 'tab');
    });

    it('shows names and wishes to coordinators and contact persons, only counts and their own to others', async () => {
      const coord = await api<RsvpList>(t.url, as('coordinator'), `/api/v1/events/${id}/rsvps`);
      assert.deepEqual(
        coord.body.items?.map((r) => [r.name, r.answer, r.association, r.contentWish]),
        [
          ['Aino Koskinen', 'no', '', ''],
          ['Mikko Laine', 'yes', 'Kaupungin Kamarikuoro ry', 'Tilavaraukset'],
          ['Sanna Heikkinen', 'yes', '', 'Avustukset'],
        ],
      );
      assert.equal(coord.body.mine, undefined);
      const reader = await api<RsvpList>(t.url, as('reader'), `/api/v1/events/${id}/rsvps`);
      assert.equal(reader.body.items, undefined);
      assert.equal(reader.body.mine?.answer, 'no');
      assert.deepEqual(reader.body.counts, { yes: 2, maybe: 0, no: 1, total: 3 });
      const csvDenied = await api(t.url, as('reader'), `/api/v1/events/${id}/rsvps.csv`);
      assert.equal(csvDenied.status, 403);
    });

    it('exports the answers as CSV for Excel, defusing formulas', async () => {
      await answer('coordinator', id, { answer: 'maybe', association: '=HYPERLINK("x")' });
      const res = await fetch(`${t.url}/api/v1/events/${id}/rsvps.csv`, {
        headers: { Authorization: `Bearer ${as('coordinator')}` },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(
        res.headers.get('content-disposition') ?? '',
        /attachment; filename="kevaan-yhdistysilta\.csv"/,
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM');
      const lines = new TextDecoder().decode(bytes.subarray(3)).trim().split('\r\n');
      assert.equal(lines[0], '"Nimi";"Vastaus";"Yhdistys";"Sisältötoive";"Vastattu"');
      assert.equal(lines.length, 5);
      const helena = lines.find((l) => l.startsWith('"Helena Virtanen"'));
      assert.ok(helena?.startsWith(`"Helena Virtanen";"Ehkä";"'=HYPERLINK(""x"")";"";"`), helena);
    });

    it('refuses a content wish over 500 characters and keeps the previous answer', async () => {
      const res = await answer('reader', id, { answer: 'yes', contentWish: 'x'.repeat(501) });
      assert.equal(res.status, 400);
      assert.equal(
        res.body.error.fields?.contentWish,
        'Sisältötoive voi olla enintään 500 merkkiä.',
      );
      const mine = await api<RsvpList>(t.url, as('reader'), `/api/v1/events/${id}/rsvps`);
      assert.equal(mine.body.mine?.answer, 'no');
    });

    it('refuses answers after the deadline with the deadline in the message', async () => {
      const e = await createEvening({
        start: `${Y}-10-05T17:30`,
        end: `${Y}-10-05T19:00`,
        registrationDeadline: `${Y}-10-01T12:00`,
      });
      const p = await publish(e.id);
      assert.equal((await answer('reader', e.id, { answer: 'yes' })).status, 200);
      // The coordinator closes registration early: the deadline moves to the past.
      const now = new Date(Date.now() - 60_000);
      const past = utcToLocal(now.toISOString());
      const edit = await api<EventView>(t.url, as('coordinator'), `/api/v1/events/${e.id}`, {
        method: 'PUT',
        json: evening({
          start: `${Y}-10-05T17:30`,
          end: `${Y}-10-05T19:00`,
          registrationDeadline: past,
        }),
        headers: { 'If-Match': p.etag },
      });
      assert.equal(edit.status, 200, edit.text);
      const fi = await answer('reader', e.id, { answer: 'no' });
      assert.equal(fi.status, 409);
      assert.equal(fi.body.error.code, 'registration_closed');
      const [d, hm] = [past.slice(0, 10).split('-').map(Number), past.slice(11).split(':')];
      assert.ok(
        fi.body.error.message.includes(`${d[2]}.${d[1]}.${d[0]} klo ${Number(hm[0])}.${hm[1]}`),
        fi.body.error.message,
      );
      const en = await answer('reader', e.id, { answer: 'no' }, 'en');
      assert.match(
        en.body.error.message,
        /^Registration closed on \w{3} \d+ \w{3} \d{4} at \d\d:\d\d\.$/,
      );
      const mine = await api<RsvpList>(t.url, as('reader'), `/api/v1/events/${e.id}/rsvps`);
      assert.equal(mine.body.mine?.answer, 'yes', 'the refused change left the answer as it was');
    });

    it('refuses answers to a draft and to a cancelled evening; deletes only drafts and cancelled ones', async () => {
      const e = await createEvening();
      const draft = await answer('reader', e.id, { answer: 'yes' });
      assert.equal(draft.status, 404, 'a reader cannot see the draft at all');
      const coordDraft = await answer('coordinator', e.id, { answer: 'yes' });
      assert.equal(coordDraft.body.error.code, 'registration_not_open');
      const p = await publish(e.id);
      await answer('reader', e.id, { answer: 'yes' });
      const del = await api<ErrorBody>(t.url, as('coordinator'), `/api/v1/events/${e.id}`, {
        method: 'DELETE',
        headers: { 'If-Match': p.etag },
      });
      assert.equal(del.body.error.code, 'delete_published');
      const cancelled = await api<EventView>(
        t.url,
        as('coordinator'),
        `/api/v1/events/${e.id}/cancel`,
        { method: 'POST' },
      );
      assert.equal(cancelled.body.state, 'cancelled');
      const refused = await answer('reader', e.id, { answer: 'no' }, 'en');
      assert.equal(refused.body.error.code, 'event_cancelled');
      assert.equal(refused.body.error.message, 'The event has been cancelled.');
      const gone = await api(t.url, as('coordinator'), `/api/v1/events/${e.id}`, {
        method: 'DELETE',
        headers: { 'If-Match': cancelled.body.etag },
      });
      assert.equal(gone.status, 204);
      assert.equal((await api(t.url, as('coordinator'), `/api/v1/events/${e.id}`)).status, 404);
      const store = new RsvpStore(t.app.storage.table(TABLES.rsvps));
      assert.equal((await store.list(e.id)).length, 0, 'its answers went with it');
    });

    it('keeps counts exact and the capacity when many answer at once on two instances', async () => {
      // Two stores stand for two server instances: within one, answers take turns; between
      // them only the ETags keep the count and the limit right.
      const stores = [0, 1].map(() => new RsvpStore(t.app.storage.table(TABLES.rsvps)));
      const store = stores[0] ?? assert.fail();
      const eventId = `race-${Date.now()}`;
      const capacity = 5;
      const people = Array.from({ length: 16 }, (_, i) => `person-${i}`);
      const results = await Promise.all(
        people.map((userId, i) =>
          (stores[i % 2] ?? store).answer(
            applyRsvp(
              { answer: 'yes', association: '', contentWish: '' },
              { eventId, userId, name: userId, now: new Date(), via: 'card' },
            ),
            (previous, counts) =>
              previous?.answer !== 'yes' && counts.yes >= capacity ? 'full' : undefined,
            { capacity },
          ),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, capacity);
      assert.equal(results.filter((r) => !r.ok).length, people.length - capacity);
      assert.deepEqual(await store.counts(eventId), { yes: 5, maybe: 0, no: 0, total: 5 });
      assert.equal((await store.list(eventId)).length, 5);
    });
  });

  describe('calendar files', () => {
    it('gives an event as .ics to the signed in and through its signed link, not with a wrong one', async () => {
      const e = await publish(
        (
          await createEvening({
            start: `${Y}-11-03T17:30`,
            end: `${Y}-11-03T19:00`,
            registrationDeadline: `${Y}-11-01T12:00`,
          })
        ).id,
      );
      const withToken = await api(t.url, as('reader'), `/api/v1/events/${e.id}/event.ics`);
      assert.equal(withToken.status, 200);
      assert.match(withToken.headers.get('content-type') ?? '', /^text\/calendar/);
      const signed = await fetch(e.icsUrl);
      assert.equal(signed.status, 200);
      const parsed = Object.values(ical.sync.parseICS(await signed.text())).find(
        (c): c is VEvent => c?.type === 'VEVENT',
      );
      assert.equal(parsed?.start.toISOString(), localToUtc(`${Y}-11-03T17:30`));
      assert.equal(parsed?.start.tz, 'Europe/Helsinki');
      const tampered = await fetch(e.icsUrl.replace(/sig=.{4}/, 'sig=AAAA'));
      assert.equal(tampered.status, 403);
      const noAuth = await fetch(`${t.url}/api/v1/events/${e.id}/event.ics`);
      assert.equal(noAuth.status, 401);
    });

    it('serves the year feed only with the right signature, and rotating the secret revokes it', async () => {
      const feed = await api<{ url: string }>(
        t.url,
        as('reader'),
        `/api/v1/calendar/feed?year=${Y}`,
      );
      assert.equal(feed.status, 200);
      const ok = await fetch(feed.body.url);
      assert.equal(ok.status, 200);
      const text = await ok.text();
      assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Helsinki/);
      assert.match(text, /DTSTART;TZID=Europe\/Helsinki:\d{8}T173000/);
      assert.doesNotMatch(
        text,
        /@kaupunki\.example|ATTENDEE|ORGANIZER|Tilavaraukset/,
        'no personal data',
      );
      const otherYear = await fetch(feed.body.url.replace(`year=${Y}`, `year=${Y + 1}`));
      assert.equal(otherYear.status, 403);
      const wrong = await fetch(feed.body.url.replace(/sig=[^&]+/, 'sig=' + 'A'.repeat(32)));
      assert.equal(wrong.status, 403);
      const body = (await wrong.json()) as ErrorBody;
      assert.equal(
        body.error.message,
        'Kalenterilinkki on väärä tai vanhentunut. Pyydä uusi linkki.',
      );
      const readerRotate = await api(
        t.url,
        as('reader'),
        `/api/v1/calendar/feed/rotate?year=${Y}`,
        { method: 'POST' },
      );
      assert.equal(readerRotate.status, 403);
      const rotated = await api<{ url: string }>(
        t.url,
        as('coordinator'),
        `/api/v1/calendar/feed/rotate?year=${Y}`,
        { method: 'POST' },
      );
      assert.notEqual(rotated.body.url, feed.body.url);
      assert.equal((await fetch(feed.body.url)).status, 403, 'the old link is revoked');
      assert.equal((await fetch(rotated.body.url)).status, 200);
    });

    it('serves the wheel PNG at a signed link until it expires', async () => {
      const secret = (await new FeedSecretStore(t.app.storage.table(TABLES.meta)).current()).secret;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const url = wheelImageUrl(t.url, secret, Y, 'fi', exp);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await res.arrayBuffer());
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      assert.ok(width <= 1024 && height <= 1024 && width === height, `${width}×${height}`);
      const expired = wheelImageUrl(t.url, secret, Y, 'fi', Math.floor(Date.now() / 1000) - 1);
      assert.equal((await fetch(expired)).status, 403);
      assert.equal((await fetch(url.replace('lang=fi', 'lang=en'))).status, 403);
    });
  });

  describe('the annual calendar', () => {
    it('gives the demo year by month with categories and a text alternative, drafts for coordinators', async () => {
      const year =
        new Date().getUTCMonth() === 0 && new Date().getUTCDate() <= 21
          ? new Date().getUTCFullYear()
          : new Date().getUTCFullYear() + 1;
      type Cal = {
        year: number;
        months: { month: number; entries: { eventId: string; state: string }[] }[];
        categories: { category: string }[];
        textAlternative: { summary: string };
      };
      const reader = await api<Cal>(t.url, as('reader'), `/api/v1/calendar?year=${year}`);
      assert.equal(reader.status, 200);
      assert.equal(reader.body.months.length, 12);
      const readerIds = reader.body.months.flatMap((m) => m.entries.map((e) => e.eventId));
      assert.ok(readerIds.includes('demo-tilayhteistyo'));
      assert.ok(!readerIds.includes('demo-yhdistysilta-kevat'), 'the seeded evening is a draft');
      const coord = await api<Cal>(t.url, as('coordinator'), `/api/v1/calendar?year=${year}`);
      assert.ok(coord.body.months[1]?.entries.some((e) => e.eventId === 'demo-yhdistysilta-kevat'));
      assert.match(
        reader.body.textAlternative.summary,
        new RegExp(`^Vuosikello ${year}: \\d+ merkintää`),
      );
      assert.ok(reader.body.categories.some((c) => c.category === 'survey'));
      const bad = await api<ErrorBody>(t.url, as('reader'), '/api/v1/calendar?year=20x7');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.fields?.year, 'Anna vuosi väliltä 2000–2100.');
    });

    it('draws the wheel as SVG in the asked theme', async () => {
      const res = await fetch(`${t.url}/api/v1/calendar.svg?year=${Y}&theme=dark`, {
        headers: { Authorization: `Bearer ${as('reader')}`, 'Accept-Language': 'en' },
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      const svg = await res.text();
      assert.match(svg, /role="img"/);
      assert.match(svg, new RegExp(`<title id="vuosikello-title">Annual calendar ${Y}</title>`));
      assert.ok(svg.includes('fill="#1f1f1f"'), 'dark background');
      const bad = await fetch(`${t.url}/api/v1/calendar.svg?year=${Y}&theme=neon`, {
        headers: { Authorization: `Bearer ${as('reader')}` },
      });
      assert.equal(bad.status, 400);
    });
  });

  describe('working groups', () => {
    type Group = {
      id: string;
      name: { fi: string };
      builtIn: boolean;
      etag: string;
      members: unknown[];
    };
    const group = (name: string) => ({
      name: { fi: name, en: '' },
      purpose: { fi: 'Nuorten tilat iltaisin' },
      members: [
        { kind: 'user', name: 'Mikko Laine', upn: DEMO.contact },
        { kind: 'representative', name: 'Leena Mäkinen', association: 'Kaupungin Kamarikuoro ry' },
      ],
      contact: { name: 'Mikko Laine', upn: DEMO.contact },
    });

    it('has the four of the model and takes new ones from coordinators', async () => {
      const list = await api<{ items: Group[] }>(t.url, as('reader'), '/api/v1/working-groups');
      assert.deepEqual(
        list.body.items
          .filter((g) => g.builtIn)
          .map((g) => g.id)
          .sort(),
        ['avustukset', 'tapahtumat', 'tilat', 'viestinta'],
      );
      const denied = await api(t.url, as('contact'), '/api/v1/working-groups', {
        method: 'POST',
        json: group('Nuorisotilat'),
      });
      assert.equal(denied.status, 403);
      const created = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups', {
        method: 'POST',
        json: group('Nuorisotilat'),
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.id, 'nuorisotilat');
      assert.equal(created.body.members.length, 2);
      const dup = await api<ErrorBody>(t.url, as('coordinator'), '/api/v1/working-groups', {
        method: 'POST',
        json: group('nuorisotilat '),
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'duplicate_name');
    });

    it('refuses a meeting of an unknown group, a group in use or built in being removed', async () => {
      const meeting = (groupId: string) => ({
        kind: 'meeting',
        title: { fi: 'Kokous' },
        start: `${Y}-04-08T17:30`,
        end: `${Y}-04-08T19:00`,
        workingGroupId: groupId,
        recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=6' },
      });
      const unknown = await api<ErrorBody>(t.url, as('coordinator'), '/api/v1/events', {
        method: 'POST',
        json: meeting('ei-ole'),
      });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.error.fields?.workingGroupId, 'Työryhmää ei löytynyt.');
      const g = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups', {
        method: 'POST',
        json: group('Kokousryhmä'),
      });
      const m = await api<EventView>(t.url, as('coordinator'), '/api/v1/events', {
        method: 'POST',
        json: meeting(g.body.id),
      });
      assert.equal(m.status, 201, m.text);
      const inUse = await api<ErrorBody>(
        t.url,
        as('coordinator'),
        `/api/v1/working-groups/${g.body.id}`,
        { method: 'DELETE', headers: { 'If-Match': g.body.etag } },
      );
      assert.equal(inUse.body.error.code, 'in_use');
      const tilat = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups/tilat');
      const builtIn = await api<ErrorBody>(
        t.url,
        as('coordinator'),
        '/api/v1/working-groups/tilat',
        { method: 'DELETE', headers: { 'If-Match': tilat.body.etag } },
      );
      assert.equal(builtIn.body.error.code, 'built_in');
      const free = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups', {
        method: 'POST',
        json: group('Poistettava'),
      });
      const del = await api(t.url, as('coordinator'), `/api/v1/working-groups/${free.body.id}`, {
        method: 'DELETE',
        headers: { 'If-Match': free.body.etag },
      });
      assert.equal(del.status, 204);
    });

    it('edits with If-Match and refuses a stale one', async () => {
      const g = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups/viestinta');
      const body = { ...group('Viestintä'), purpose: { fi: 'Päivitetty tarkoitus' } };
      const ok = await api<Group>(t.url, as('coordinator'), '/api/v1/working-groups/viestinta', {
        method: 'PUT',
        json: body,
        headers: { 'If-Match': g.body.etag },
      });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body.builtIn, true);
      const stale = await api<ErrorBody>(
        t.url,
        as('coordinator'),
        '/api/v1/working-groups/viestinta',
        { method: 'PUT', json: body, headers: { 'If-Match': g.body.etag } },
      );
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, 'conflict');
    });
  });
});
