/** Events for unit tests, made through the same validation the API uses. */
import type { CalendarEvent, EventState } from '@yhdistysyhteistyo/contract/events/model';
import { eventInputSchema } from '@yhdistysyhteistyo/contract/events/schemas';
import { createEvent } from '@yhdistysyhteistyo/contract/events/lifecycle';

export const FIXTURE_NOW = new Date('2026-12-01T10:00:00Z');
const by = { id: 'helena.virtanen@kaupunki.example' };

/** An event from API-shaped input, created at FIXTURE_NOW and put in the given state. */
export function makeEvent(
  id: string,
  input: unknown,
  state: EventState = 'published',
): CalendarEvent {
  const draft = eventInputSchema({ now: FIXTURE_NOW }).parse(input);
  return { ...createEvent(draft, { id, now: FIXTURE_NOW, by }), state };
}

/** A year like the pilot's follow-up plan, with one of each kind and category. */
export function sampleYear(): CalendarEvent[] {
  return [
    makeEvent('planning', {
      kind: 'meeting',
      title: { fi: 'Yhdistysillan suunnittelukokous', en: 'Planning meeting' },
      start: '2027-01-21T09:00',
      end: '2027-01-21T10:30',
      workingGroupId: 'viestinta',
      place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/planning' },
    }),
    makeEvent('evening', {
      kind: 'evening',
      title: { fi: 'Koko kaupungin yhdistysilta', en: 'Whole-city association evening' },
      start: '2027-02-22T17:30',
      end: '2027-02-22T20:00',
      host: 'Järjestökoordinaattori',
      registrationDeadline: '2027-02-19T16:00',
      place: {
        teamsUrl: 'https://teams.microsoft.com/l/meetup-join/evening',
        address: 'Kaupungintalo, Harjukatu 31',
      },
      agenda: [
        { start: '17:30', end: '18:00', title: { fi: 'Yhteinen avaus', en: 'Joint opening' } },
        {
          start: '18:00',
          end: '20:00',
          title: { fi: 'Palvelualueiden omat osiot', en: 'Service areas' },
        },
      ],
    }),
    makeEvent('grants', {
      kind: 'meeting',
      title: { fi: 'Avustustyöryhmä', en: 'Grants working group' },
      start: '2027-03-11T17:30',
      end: '2027-03-11T19:00',
      workingGroupId: 'avustukset',
      recurrence: {
        rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20271111',
        exdates: ['2027-03-25T17:30'],
        moved: [
          { original: '2027-04-08T17:30', start: '2027-04-09T10:00', end: '2027-04-09T11:00' },
        ],
      },
    }),
    makeEvent('grant-period', {
      kind: 'item',
      title: { fi: 'Avustushaku', en: 'Grant application period' },
      category: 'grant',
      allDay: true,
      start: '2027-03-01',
      end: '2027-04-15',
    }),
    makeEvent('survey', {
      kind: 'item',
      title: { fi: 'Yhdistyskysely', en: 'Association survey' },
      category: 'survey',
      allDay: true,
      start: '2027-05-01',
      end: '2027-05-31',
    }),
    makeEvent('steering', {
      kind: 'item',
      title: { fi: 'Ohjausryhmä', en: 'Steering group' },
      category: 'steering',
      start: '2027-09-01T13:00',
      end: '2027-09-01T15:00',
    }),
    makeEvent('network', {
      kind: 'item',
      title: { fi: 'Maahanmuuttajayhdistysten verkosto', en: "Immigrant associations' network" },
      category: 'network',
      start: '2027-10-14T17:30',
      end: '2027-10-14T19:00',
    }),
    makeEvent(
      'draft-evening',
      {
        kind: 'evening',
        title: { fi: 'Syksyn yhdistysilta (luonnos)' },
        start: '2027-11-16T17:30',
        end: '2027-11-16T19:30',
        host: 'Järjestökoordinaattori',
        registrationDeadline: '2027-11-10T16:00',
      },
      'draft',
    ),
    makeEvent(
      'cancelled-item',
      {
        kind: 'item',
        title: { fi: 'Peruttu infotilaisuus' },
        category: 'other',
        start: '2027-06-10T17:00',
        end: '2027-06-10T18:00',
      },
      'cancelled',
    ),
  ];
}
