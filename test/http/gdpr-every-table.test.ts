/**
 * The GDPR's must-show: one person seeded into every table the app creates (the list comes from
 * Azurite, so a table added later without a seed here, and without erasure, fails this test),
 * exported (every seeded table shows up), erased through the API, and then every row of every
 * table scanned for the address, the name, the object id and the Teams id: 0 hits.
 */
import assert from 'node:assert/strict';
import { createPersonalData } from '../../bot/src/compose/personal-data';
import { devObjectId } from '../../bot/src/http/dev-issuer';
import { AuditStore } from '../../bot/src/storage/audit-store';
import {
  TableConversationStore,
  TablePreferenceStore,
} from '../../bot/src/storage/conversation-store';
import { TableOutboxStore } from '../../bot/src/storage/outbox-store';
import { SurveyAnswersStore, SurveyRespondentKeys } from '../../bot/src/storage/surveys-store';
import { TABLES } from '../../bot/src/storage/tables';
import { TableTeamRosterStore } from '../../bot/src/storage/roster-store';
import { addressKeyOf } from '../../bot/src/compose/surveys';
import { startTestApp, type TestApp } from '../support/app';
import { api, DEMO, devToken } from '../support/tokens';

const EMAIL = 'tuuli.tietosuoja@kaupunki.example';
const NAME = 'Tuuli Tietosuojakoe';
const TEAMS_ID = '29:1TuuliTietosuojakoeTeamsId';
const Y = new Date().getUTCFullYear() + 1;

/**
 * Every table the app creates, and how the person gets into it; a table that holds no one by
 * design says why (the scan then proves it holds no one).
 */
const SEEDED: Readonly<Record<string, string>> = {
  [TABLES.people]: 'own role, bound to the object id; author of another role',
  [TABLES.associations]: 'contact entry, created and updated the record',
  [TABLES.audit]: 'who changed; an old value naming the person',
  [TABLES.units]: 'created a unit',
  [TABLES.content]: 'edited a guide text (the text and its history row)',
  [TABLES.categories]: 'created a category',
  [TABLES.meta]: 'rotated the calendar feed secret',
  [TABLES.events]: 'created an evening; its host',
  [TABLES.rsvps]: 'answered an evening: name, association, content wish',
  [TABLES.workingGroups]: 'member in Teams, member by e-mail only, representative, contact',
  [TABLES.conversations]:
    'personal chat, language choice, installed the app in a team, hashes in a team member list',
  [TABLES.outbox]: 'a post to the personal chat',
  [TABLES.leases]: 'paused the posts',
  [TABLES.surveys]: 'created a survey',
  [TABLES.surveyAnswers]: 'the name on an answer of a named survey',
};
/** Holds the person only as a keyed hash (no identifier in clear): the export must find it. */
const BY_KEYED_HASH: Readonly<Record<string, string>> = {
  [TABLES.surveyKeys]: 'the keyed hash that links the answer to the person',
};
const HOLDS_NO_ONE: Readonly<Record<string, string>> = {
  [TABLES.indicators]: 'indicator values, no author kept',
};

describe('GDPR: export and erasure of one person cover every table', function () {
  this.timeout(180_000);
  let t: TestApp;
  let coordinator = '';
  let person = '';
  let eveningId = '';
  const keyRows = async () => {
    let n = 0;
    for await (const row of t.app.storage.table(TABLES.surveyKeys).listEntities()) if (row) n++;
    return n;
  };
  const oid = devObjectId(EMAIL);
  const needles = [EMAIL, NAME, oid, TEAMS_ID].map((n) => n.toLowerCase());
  /** The keyed hashes the team's member list holds of the person: they point at them too. */
  const rosterHashes: string[] = [];

  const as = (token: string, path: string, init: Parameters<typeof api>[3] = {}) =>
    api<Record<string, unknown>>(t.url, token, path, init);
  const ok = async (p: ReturnType<typeof as>, status = [200, 201]) => {
    const res = await p;
    assert.ok(status.includes(res.status), `${res.status} ${res.text}`);
    return res;
  };

  /** Table → rows (as JSON text) that hold any of the person's identifiers. */
  async function scan(): Promise<Map<string, string[]>> {
    const hits = new Map<string, string[]>();
    for await (const table of t.app.storage.service.listTables()) {
      const name = table.name ?? '';
      hits.set(name, []);
      for await (const row of t.app.storage.table(name as never).listEntities()) {
        const text = JSON.stringify(row).toLowerCase();
        // JSON columns are strings inside the row: their own escapes are undone too.
        const unescaped = text
          .replace(/\\"/g, '"')
          .replace(/\\u00([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
        if ([...needles, ...rosterHashes].some((n) => text.includes(n) || unescaped.includes(n))) {
          hits.get(name)?.push(text);
        }
      }
    }
    return hits;
  }

  before(async () => {
    // Its own Azurite: the scan reads every table of the account, not only this server's.
    t = await startTestApp({}, { ownAzurite: true });
    coordinator = await devToken(t.url, DEMO.coordinator);
    // People: a coordinator role, bound to the object id at the first sign-in.
    await ok(
      as(coordinator, `/api/v1/roles?upn=${encodeURIComponent(EMAIL)}`, {
        method: 'PUT',
        json: { name: NAME, role: 'coordinator', units: [] },
      }),
    );
    person = await devToken(t.url, EMAIL);
    await ok(as(person, '/api/v1/me'));
    // People: the person assigns someone else's role.
    await ok(
      as(person, `/api/v1/roles?upn=${encodeURIComponent('toinen.henkilo@kaupunki.example')}`, {
        method: 'PUT',
        json: { name: 'Toinen Henkilö', role: 'contact', units: ['nuoriso'] },
      }),
    );
    // Units, Categories.
    await ok(
      as(person, '/api/v1/units', {
        method: 'POST',
        json: { id: 'tietosuoja', name: { fi: 'Tietosuoja', en: 'Data protection' } },
      }),
    );
    await ok(
      as(person, '/api/v1/categories', {
        method: 'POST',
        json: { id: 'koe', name: { fi: 'Koe', en: 'Test' } },
      }),
    );
    // Associations and Audit: a record the person made, with them as its contact; an old
    // value in the trail that names them.
    const made = await ok(
      as(person, '/api/v1/associations', {
        method: 'POST',
        json: {
          name: 'Tietosuojakoe ry',
          units: ['nuoriso'],
          notes: `Yhteyshenkilönä ${NAME}`,
          contacts: [{ name: NAME, email: EMAIL, phone: '040 111 2222' }],
        },
      }),
    );
    const id = String(made.body.id);
    await ok(
      as(person, `/api/v1/associations/${id}`, {
        method: 'PUT',
        headers: { 'If-Match': made.headers.get('etag') ?? '*' },
        json: {
          name: 'Tietosuojakoe ry',
          units: ['nuoriso'],
          notes: 'Nuorten yhdistys',
          contacts: [{ name: NAME, email: EMAIL, phone: '040 111 2222' }],
        },
      }),
    );
    // Audit: an entry whose author a client wrote in capitals.
    await new AuditStore(t.app.storage.table(TABLES.audit)).record({
      by: EMAIL.toUpperCase(),
      action: 'update',
      associationId: id,
      changes: [{ field: 'website', before: '', after: 'https://yhdistys.example' }],
    });
    // Meta: the calendar feed secret rotated by the person.
    await ok(as(person, `/api/v1/calendar/feed/rotate?year=${Y}`, { method: 'POST' }));
    // Events and Rsvps: an evening the person made and hosts, and their answer to it.
    const evening = await ok(
      as(person, '/api/v1/events', {
        method: 'POST',
        json: {
          kind: 'evening',
          title: { fi: 'Tietosuojailta', en: 'Data protection evening' },
          description: { fi: 'Ilta', en: '' },
          start: `${Y}-03-10T17:30`,
          end: `${Y}-03-10T19:00`,
          host: NAME,
          registrationDeadline: `${Y}-03-09T16:00`,
          place: { address: 'Kaupungintalo' },
          agenda: [],
        },
      }),
    );
    eveningId = String(evening.body.id);
    await ok(as(person, `/api/v1/events/${eveningId}/publish`, { method: 'POST' }));
    await ok(
      as(person, `/api/v1/events/${eveningId}/rsvps`, {
        method: 'PUT',
        json: { answer: 'yes', association: 'Tietosuojakoe ry', contentWish: 'Rekisteriseloste' },
      }),
    );
    // WorkingGroups: in Teams, by e-mail only, as a representative, and as the contact.
    await ok(
      as(person, '/api/v1/working-groups', {
        method: 'POST',
        json: {
          name: { fi: 'Tietosuojaryhmä' },
          contact: { name: NAME, upn: EMAIL, aadId: oid },
          members: [
            { kind: 'user', name: NAME, upn: EMAIL, aadId: oid },
            { kind: 'email', name: NAME, email: EMAIL },
            { kind: 'representative', name: NAME, association: 'Tietosuojakoe ry' },
            { kind: 'email', name: 'Jäävä Jäsen', email: 'jaava@yhdistys.example' },
          ],
        },
      }),
    );
    // Surveys: one the person made; SurveyAnswers and SurveyKeys: their answer to a named one.
    const survey = await ok(
      as(person, '/api/v1/surveys', {
        method: 'POST',
        json: { template: 'associationSurvey', year: Y },
      }),
    );
    const surveyId = String(survey.body.id);
    const keys = new SurveyRespondentKeys(t.app.storage.table(TABLES.meta));
    await new SurveyAnswersStore(
      t.app.storage.table(TABLES.surveyAnswers),
      t.app.storage.table(TABLES.surveyKeys),
      () => 'answer-of-the-person',
    ).save({
      surveyId,
      respondentKey: await keys.key(surveyId, `person:${oid}`),
      answers: { q1: '4' },
      name: NAME,
      contribution: () => ({ respondents: 1, questions: {} }),
    });
    // Content: the person edits a guide text.
    const texts = await as(person, '/api/v1/content');
    const grants = (
      texts.body.items as { section: string; key: string; fields: unknown; etag: string }[]
    ).find((e) => e.section === 'topic' && e.key === 'grants');
    assert.ok(grants);
    await ok(
      as(person, '/api/v1/content/topic/grants', {
        method: 'PUT',
        headers: { 'If-Match': grants.etag },
        json: grants.fields,
      }),
    );
    // Leases: the person paused the posts.
    await ok(as(person, '/api/v1/deliveries/pause', { method: 'PUT', json: { paused: true } }));
    // Conversations: the personal chat, the language choice, a team the person installed in.
    const conversations = new TableConversationStore(t.app.storage.table(TABLES.conversations));
    const reference = {
      bot: { id: '28:bot', name: 'Bot' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      user: { id: TEAMS_ID, name: NAME, aadObjectId: oid },
    };
    await conversations.activate({
      key: { kind: 'personal', conversationId: 'a:1personal-chat-of-the-person' },
      reference: { ...reference, conversation: { id: 'a:1personal-chat-of-the-person' } },
      userAadObjectId: oid,
      installedBy: { id: TEAMS_ID, aadObjectId: oid },
      at: new Date().toISOString(),
    });
    await conversations.activate({
      key: { kind: 'team', teamId: '19:tietosuojatiimi@thread.tacv2' },
      reference: { ...reference, conversation: { id: '19:tietosuojatiimi@thread.tacv2' } },
      teamName: 'Tietosuojatiimi',
      installedBy: { id: TEAMS_ID, aadObjectId: oid },
      at: new Date().toISOString(),
    });
    await new TablePreferenceStore(t.app.storage.table(TABLES.conversations)).setLanguage(
      oid,
      'en',
      new Date().toISOString(),
    );
    // Conversations: the team's member list holds the person's hashes, beside another member.
    const addressKey = addressKeyOf(new SurveyRespondentKeys(t.app.storage.table(TABLES.meta)));
    const member = {
      memberKey: await addressKey(`teams-id:${TEAMS_ID}`),
      addressKey: await addressKey(EMAIL),
    };
    rosterHashes.push(member.memberKey.toLowerCase(), member.addressKey.toLowerCase());
    await new TableTeamRosterStore(t.app.storage.table(TABLES.conversations)).replace(
      '19:tietosuojatiimi@thread.tacv2',
      [
        member,
        {
          memberKey: await addressKey('teams-id:29:toinen-jasen'),
          addressKey: await addressKey('toinen.jasen@example.org'),
        },
      ],
      new Date().toISOString(),
    );
    // Outbox: a post waiting for the person's personal chat.
    await new TableOutboxStore(t.app.storage).insert([
      {
        postId: `evening:${eveningId}`,
        occurrence: '1d',
        target: { kind: 'personal', personId: oid },
        kind: 'eveningReminder',
        dueAt: `${Y}-03-09T07:00:00.000Z`,
        state: 'waiting',
        payload: {
          kind: 'eveningReminder',
          eveningId,
          start: `${Y}-03-10T15:30:00.000Z`,
          daysBefore: 1,
        },
      },
    ]);
  });
  after(async () => {
    await t?.stop();
  });

  it('every table the app creates is seeded with the person here, or holds no one by design', async () => {
    const hits = await scan();
    const known = new Set([
      ...Object.keys(SEEDED),
      ...Object.keys(BY_KEYED_HASH),
      ...Object.keys(HOLDS_NO_ONE),
    ]);
    const unknown = [...hits.keys()].filter((name) => !known.has(name));
    assert.deepEqual(
      unknown,
      [],
      'a table with no seed here: seed the person into it and erase it',
    );
    for (const table of Object.keys(SEEDED)) {
      assert.ok((hits.get(table) ?? []).length > 0, `the seed did not reach ${table}`);
    }
    for (const table of Object.keys(HOLDS_NO_ONE)) {
      assert.deepEqual(hits.get(table), [], `${table} holds no one`);
    }
  });

  it('the export and the erasure cover every table storage creates', () => {
    const service = createPersonalData(
      t.app.storage,
      {
        audit: { record: () => Promise.resolve() } as never,
        surveyKeys: { key: () => Promise.resolve('') } as never,
      },
      {} as never,
    );
    assert.deepEqual(service.tables(), Object.values(TABLES).sort());
  });

  it('the export shows every seeded table, found by the address alone', async () => {
    const res = await as(coordinator, `/api/v1/people/export?email=${encodeURIComponent(EMAIL)}`);
    assert.equal(res.status, 200, res.text);
    const tables = res.body.tables as Record<string, unknown[]>;
    const missing = [...Object.keys(SEEDED), ...Object.keys(BY_KEYED_HASH)].filter(
      (name) => !(tables[name]?.length ?? 0),
    );
    assert.deepEqual(missing, [], 'tables the export leaves out');
    assert.deepEqual((res.body.identity as { oids: string[] }).oids, [oid]);
  });

  it('erasure leaves no row of any table with the address, the name, the object id or the Teams id', async () => {
    const linksBefore = await keyRows();
    const res = await as(coordinator, `/api/v1/people?email=${encodeURIComponent(EMAIL)}`, {
      method: 'DELETE',
    });
    assert.equal(res.status, 200, res.text);
    const hits = await scan();
    const left = [...hits].filter(([, rows]) => rows.length > 0);
    assert.deepEqual(
      left.map(([table, rows]) => `${table}: ${rows.length}`),
      [],
      left.map(([, rows]) => rows[0]).join('\n'),
    );
    assert.equal(
      await keyRows(),
      linksBefore - 1,
      'the link from the person to the answer is gone',
    );
    // Object ids are how logs name who did something (the design's rule); nothing else is.
    const log = t.logs.text().toLowerCase();
    assert.ok(log.includes('personal data erased'), 'the erasure is logged');
    assert.deepEqual(
      [EMAIL, NAME, TEAMS_ID].map((n) => n.toLowerCase()).filter((n) => log.includes(n)),
      [],
      'the log names nobody by address, name or Teams id',
    );
  });

  it('what the city needs stays: the evening’s answer counts, the other member, the records', async () => {
    const rsvps = await api<{ counts: { yes: number }; items: { name: string }[] }>(
      t.url,
      coordinator,
      `/api/v1/events/${eveningId}/rsvps`,
    );
    assert.equal(rsvps.status, 200, rsvps.text);
    assert.equal(rsvps.body.counts.yes, 1, 'the answer still counts');
    assert.deepEqual(
      rsvps.body.items.map((r) => r.name),
      [''],
      'without the person',
    );
    const groups = await api<{ items: { value?: unknown; members?: { name: string }[] }[] }>(
      t.url,
      coordinator,
      '/api/v1/working-groups',
    );
    const group = groups.body.items.find((g) => JSON.stringify(g).includes('Tietosuojaryhmä')) as
      { members: { name: string }[] } | undefined;
    assert.deepEqual(
      group?.members.map((m) => m.name),
      ['Jäävä Jäsen'],
    );
    const texts = await api<{ items: { section: string; key: string; updatedBy: string }[] }>(
      t.url,
      coordinator,
      '/api/v1/content',
    );
    assert.equal(texts.status, 200, texts.text);
    assert.equal(
      texts.body.items.find((e) => e.section === 'topic' && e.key === 'grants')?.updatedBy,
      'erased',
      'the guide text stays, its editor is the neutral marker',
    );
    const history = await as(
      coordinator,
      `/api/v1/people/export?email=${encodeURIComponent(EMAIL)}`,
    );
    assert.deepEqual(history.body.tables, {}, 'nothing is held of the person any more');
    const members = await new TableTeamRosterStore(
      t.app.storage.table(TABLES.conversations),
    ).addressKeys(['19:tietosuojatiimi@thread.tacv2']);
    assert.equal(members.size, 1, 'the other member stays in the team’s member list');
  });
});
