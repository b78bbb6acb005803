/**
 * The demo year's events and the four working groups, as rows of the events stores. The
 * annual rhythm of the pilot's follow-up plan becomes published meetings and calendar items;
 * the whole-city evening stays a draft, so a coordinator can publish it and see its card posted.
 */
import type { TableEntity } from '@azure/data-tables';
import {
  DEMO_ANNUAL_RHYTHM,
  DEMO_ASSOCIATIONS,
  DEMO_PEOPLE,
  DEMO_WORKING_GROUPS,
  type DemoCalendarItem,
} from '../domain/demo-data';
import type { CalendarEvent, Place } from '@yhdistysyhteistyo/contract/events/model';
import type { GroupMember, WorkingGroup } from '@yhdistysyhteistyo/contract/events/working-groups';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { eventToEntity } from './events-store';
import { TABLES, type TableName } from './tables';
import { groupToEntity } from './working-groups-store';

type SeedRow = readonly [TableName, TableEntity<Record<string, unknown>>];

const PURPOSES: Readonly<Record<string, { fi: string; en: string }>> = {
  tilat: {
    fi: 'Kaupungin tilojen käyttö yhdistysten toimintaan ja TIMMI-tilavaraukset.',
    en: "Use of the city's premises by associations, and bookings in TIMMI.",
  },
  viestinta: {
    fi: 'Yhdistysten ja kaupungin yhteinen viestintä: verkko, some ja päijäthämäläiset.fi.',
    en: 'Joint communication of the associations and the city: web, social media, the directory.',
  },
  tapahtumat: {
    fi: 'Tapahtumien yhteistyö: luvat, ajankohdat ja yhteiset tapahtumat.',
    en: 'Event cooperation: permits, dates and joint events.',
  },
  avustukset: {
    fi: 'Avustusyhteistyö ja uusi avustussääntö.',
    en: 'Grants cooperation and the new grant rule.',
  },
};

function place(kind: DemoCalendarItem['place'], id: string): Place {
  const teamsUrl = `https://teams.microsoft.com/l/meetup-join/demo-${id}`;
  if (kind === 'teams') return { teamsUrl };
  if (kind === 'hybrid') return { teamsUrl, address: 'Kaupungintalo, Harjukatu 31' };
  return {};
}

/** One item of the annual rhythm as an event of the given year. */
export function demoEvent(
  item: DemoCalendarItem,
  year: number,
  at: string,
  by: string,
): CalendarEvent {
  const local = (mmddThhmm: string) => localToUtc(`${year}-${mmddThhmm}`);
  const common = {
    id: `demo-${item.id}`,
    title: item.title,
    description: { fi: '', en: '' },
    start: local(item.start),
    end: local(item.end),
    place: place(item.place, item.id),
    state: 'published' as const,
    record: false,
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
  };
  switch (item.kind) {
    case 'evening': {
      const start = item.start.slice(0, 5);
      const deadline = new Date(`${year}-${start}T12:00:00Z`);
      deadline.setUTCDate(deadline.getUTCDate() - 3);
      return {
        ...common,
        kind: 'evening',
        state: 'draft',
        host: item.host.fi,
        agenda: [
          { start: '17:30', end: '18:00', title: { fi: 'Yhteinen avaus', en: 'Joint opening' } },
          {
            start: '18:00',
            end: '20:00',
            title: { fi: 'Palvelualueiden omat osiot', en: "Each service area's own session" },
          },
        ],
        registrationDeadline: localToUtc(`${deadline.toISOString().slice(0, 10)}T16:00`),
      };
    }
    case 'meeting':
      if (item.workingGroup) {
        return {
          ...common,
          kind: 'meeting',
          host: item.host.fi,
          agenda: [],
          workingGroupId: item.workingGroup,
        };
      }
      return { ...common, kind: 'item', category: 'other', colour: 'brown', allDay: false };
    case 'survey':
      return {
        ...common,
        kind: 'item',
        category: 'survey',
        colour: 'purple',
        allDay: true,
        // Whole days: from the first day's midnight to the midnight after the last day.
        start: local(`${item.start.slice(0, 5)}T00:00`),
        end: nextMidnight(year, item.end.slice(0, 5)),
      };
    case 'network':
      return { ...common, kind: 'item', category: 'network', colour: 'teal', allDay: false };
  }
}

function nextMidnight(year: number, mmdd: string): string {
  const d = new Date(`${year}-${mmdd}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return localToUtc(`${d.toISOString().slice(0, 10)}T00:00`);
}

export function demoGroup(
  g: (typeof DEMO_WORKING_GROUPS)[number],
  at: string,
  by: string,
): WorkingGroup {
  const coordinator = DEMO_PEOPLE.find((p) => p.role === 'coordinator');
  const members: GroupMember[] = DEMO_ASSOCIATIONS.filter((a) =>
    a.workingGroups.includes(g.id),
  ).map((a) => ({
    kind: 'representative',
    name: a.contactName,
    associationId: a.id,
    association: a.name,
  }));
  const contact =
    DEMO_PEOPLE.find((p) => p.role === 'contact' && p.units.includes(g.unit)) ?? coordinator;
  return {
    id: g.id,
    name: g.name,
    purpose: PURPOSES[g.id] ?? { fi: '', en: '' },
    builtIn: true,
    members,
    ...(contact ? { contact: { name: contact.name, upn: contact.upn } } : {}),
    unitId: g.unit,
    active: true,
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
  };
}

/** Rows for the demo seeding; keys are deterministic, so a second seeding finds them there. */
export function demoEventRows(year: number, at: string, by: string): SeedRow[] {
  return [
    ...DEMO_WORKING_GROUPS.map((g): SeedRow => [
      TABLES.workingGroups,
      groupToEntity(demoGroup(g, at, by)),
    ]),
    ...DEMO_ANNUAL_RHYTHM.map((item): SeedRow => [
      TABLES.events,
      eventToEntity(demoEvent(item, year, at, by)),
    ]),
  ];
}
