import assert from 'node:assert/strict';
import ical, { type VEvent } from 'node-ical';
import { eventIcs, yearFeedIcs } from '../../bot/src/domain/ics';
import { utcToLocal } from '@yhdistysyhteistyo/contract/time';
import { makeEvent, sampleYear } from '../support/events-fixtures';

const options = { locale: 'fi' as const, uidDomain: 'yhdistys.example' };

function vevents(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

function byUid(text: string, uid: string): VEvent {
  const found = vevents(text).find((e) => e.uid === uid);
  assert.ok(found, `no VEVENT ${uid}`);
  return found;
}

/** The Helsinki wall clock of a parsed date. */
const local = (d: Date) => utcToLocal(d.toISOString());

describe('iCalendar files', () => {
  it('gives one evening with TZID=Europe/Helsinki and a VTIMEZONE that a parser reads back', () => {
    const evening = sampleYear().find((e) => e.id === 'evening');
    assert.ok(evening);
    const text = eventIcs(evening, options);
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /\r\nMETHOD:PUBLISH\r\n/);
    assert.match(text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Helsinki\r\n/);
    assert.match(text, /\r\nDTSTART;TZID=Europe\/Helsinki:20270222T173000\r\n/);
    const e = byUid(text, 'evening@yhdistys.example');
    assert.equal(e.summary, 'Koko kaupungin yhdistysilta');
    assert.equal(e.start.toISOString(), '2027-02-22T15:30:00.000Z');
    assert.equal(e.end?.toISOString(), '2027-02-22T18:00:00.000Z');
    assert.equal(e.start.tz, 'Europe/Helsinki');
    assert.equal(e.location, 'Kaupungintalo, Harjukatu 31 / Microsoft Teams');
    const description =
      typeof e.description === 'string' ? e.description : (e.description?.val ?? '');
    assert.ok(description.includes('17.30–18.00 Yhteinen avaus'), description);
    assert.ok(description.includes('https://teams.microsoft.com/l/meetup-join/evening'));
  });

  it('writes the English file with English words and times', () => {
    const evening = sampleYear().find((e) => e.id === 'evening');
    assert.ok(evening);
    const e = byUid(eventIcs(evening, { ...options, locale: 'en' }), 'evening@yhdistys.example');
    assert.equal(e.summary, 'Whole-city association evening');
    const description =
      typeof e.description === 'string' ? e.description : (e.description?.val ?? '');
    assert.ok(description.includes('17:30–18:00 Joint opening'), description);
  });

  it('keeps a recurring meeting at 17.30 Helsinki time across the 2027 clock changes', () => {
    const text = yearFeedIcs(2027, sampleYear(), options);
    assert.match(text, /\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20271111T215959Z\r\n/);
    const series = vevents(text).filter((e) => e.uid === 'grants@yhdistys.example');
    const master = series.find((e) => e.rrule);
    assert.ok(master?.rrule);
    // node-ical's rrule returns the instants; each must be 17.30 on the Helsinki wall clock.
    const all = master.rrule.all();
    assert.equal(all.length, 18);
    for (const d of all) assert.equal(local(d).slice(11), '17:30', d.toISOString());
    assert.ok(
      all.some((d) => d.toISOString() === '2027-03-11T15:30:00.000Z'),
      'winter: UTC+2',
    );
    assert.ok(
      all.some((d) => d.toISOString() === '2027-04-22T14:30:00.000Z'),
      'summer: UTC+3',
    );
    assert.ok(
      all.some((d) => d.toISOString() === '2027-11-04T15:30:00.000Z'),
      'winter again',
    );
    // The exception and the moved meeting.
    assert.ok(
      Object.values(master.exdate ?? {}).some(
        (d) => d.toISOString() === '2027-03-25T15:30:00.000Z',
      ),
    );
    // node-ical types an override loosely; it is a VEVENT of its own.
    const moved = Object.values(master.recurrences ?? {})[0] as VEvent | undefined;
    assert.equal(moved && local(moved.start), '2027-04-09T10:00');
    assert.equal(moved?.recurrenceid && local(moved.recurrenceid), '2027-04-08T17:30');
  });

  it('writes all-day items as dates with the last day included', () => {
    const text = yearFeedIcs(2027, sampleYear(), options);
    assert.match(text, /\r\nDTSTART;VALUE=DATE:20270501\r\nDTEND;VALUE=DATE:20270601\r\n/);
    const survey = byUid(text, 'survey@yhdistys.example');
    assert.equal(survey.datetype, 'date');
  });

  it('feeds the year without drafts, with cancelled ones marked, and without personal data', () => {
    const events = sampleYear();
    const text = yearFeedIcs(2027, events, options);
    const uids = vevents(text).map((e) => e.uid);
    assert.ok(!uids.includes('draft-evening@yhdistys.example'));
    assert.equal(byUid(text, 'cancelled-item@yhdistys.example').status, 'CANCELLED');
    assert.equal(byUid(text, 'evening@yhdistys.example').status, 'CONFIRMED');
    assert.doesNotMatch(text, /ATTENDEE|ORGANIZER/);
    // Who created the events (an e-mail address) and the host line stay out of the feed.
    assert.doesNotMatch(text, /kaupunki\.example|Järjestökoordinaattori/);
    assert.match(text, /\r\nX-WR-CALNAME:Yhdistysyhteistyön vuosikello 2027\r\n/);
    assert.match(text, /\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n/);
  });

  it('leaves out what does not touch the year', () => {
    const other = makeEvent('y2028', {
      kind: 'item',
      title: { fi: 'Ensi vuosi' },
      category: 'other',
      start: '2028-01-05T10:00',
      end: '2028-01-05T11:00',
    });
    const text = yearFeedIcs(2027, [...sampleYear(), other], options);
    assert.ok(!vevents(text).some((e) => e.uid === 'y2028@yhdistys.example'));
    assert.ok(
      vevents(yearFeedIcs(2028, [other], options)).some((e) => e.uid === 'y2028@yhdistys.example'),
    );
  });

  it('writes the same file whatever the server clock zone is', () => {
    const events = sampleYear();
    const before = yearFeedIcs(2027, events, options);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      assert.equal(yearFeedIcs(2027, events, options), before);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
