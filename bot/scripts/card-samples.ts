/**
 * Every card of the library with realistic data from the demo data and the seed content, for
 * `npm run cards`. A new card gets a line here so its picture is drawn with the others.
 */
import { withWheelImage } from '../src/cards/annual-calendar-wheel';
import { calendarCard } from '../src/cards/calendar';
import type { AdaptiveCard } from '../src/cards/common';
import { contactsCard } from '../src/cards/contacts';
import { errorCard } from '../src/cards/error';
import { comingEventsCard } from '../src/cards/events';
import { guideTopicCard } from '../src/cards/guide-topic';
import { helpCard } from '../src/cards/help';
import { invitationCard, type InvitationCard } from '../src/cards/invitation';
import { houseRuleCard } from '../src/cards/house-rule';
import { houseRulesCard } from '../src/cards/house-rules';
import { languageChoiceCard } from '../src/cards/language';
import { noticeCard } from '../src/cards/notice';
import { reminderCard } from '../src/cards/reminder';
import { rolesCard } from '../src/cards/roles';
import { staleDataCard } from '../src/cards/stale-data';
import { surveyCard, type SurveyCard } from '../src/cards/survey';
import { surveyResultsCard } from '../src/cards/survey-results';
import { unknownCommandCard } from '../src/cards/unknown';
import { welcomePersonalCard } from '../src/cards/welcome-personal';
import { welcomeTeamCard } from '../src/cards/welcome-team';
import { workingGroupsCard } from '../src/cards/working-groups';
import type { CalendarListItem, ContactInfo } from '../src/domain/bot-readers';
import type { Survey } from '@yhdistysyhteistyo/contract/surveys/model';
import { surveyInputSchema } from '@yhdistysyhteistyo/contract/surveys/schemas';
import { TEMPLATES } from '@yhdistysyhteistyo/contract/surveys/templates';
import { computeResults, tallyOf } from '@yhdistysyhteistyo/contract/surveys/results';
import { SEED_GUIDE, SEED_HOUSE_RULES, SEED_ROLES, SEED_TOPICS } from '../src/domain/content-seed';
import {
  DEMO_ANNUAL_RHYTHM,
  DEMO_ASSOCIATIONS,
  DEMO_PEOPLE,
  DEMO_UNITS,
  DEMO_WORKING_GROUPS,
} from '../src/domain/demo-data';
import { wheelPng } from '../src/http/wheel-png';
import { demoEvent } from '../src/storage/events-seed';
import { buildAnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import type { Evening } from '@yhdistysyhteistyo/contract/events/model';
import { localToUtc } from '@yhdistysyhteistyo/contract/time';
import { t, type Locale } from '@yhdistysyhteistyo/contract/i18n';

export interface CardSample {
  /** File-name friendly: `calendar`, `house-rule-evening`, … */
  readonly name: string;
  readonly card: AdaptiveCard | InvitationCard | SurveyCard;
  /** Pictures the card links, by URL, for the renderer to answer with. */
  readonly images?: Readonly<Record<string, Buffer>>;
}

const YEAR = 2027;
const BOT_NAME = 'Yhdistysbotti';

function calendarItems(): CalendarListItem[] {
  return DEMO_ANNUAL_RHYTHM.map((item) => ({
    id: item.id,
    category: item.kind,
    title: item.title,
    start: localToUtc(`${YEAR}-${item.start}`),
    end: localToUtc(`${YEAR}-${item.end}`),
    host: item.host,
    place: item.place,
    state: 'published',
    ...(item.workingGroup ? { workingGroupId: item.workingGroup } : {}),
  })).sort((a, b) => a.start.localeCompare(b.start));
}

const SEEDED_AT = `${YEAR - 1}-12-01T10:00:00.000Z`;
const COORDINATOR = DEMO_PEOPLE.find((p) => p.role === 'coordinator')?.upn ?? 'coordinator';

/** The demo year's evening, published: the one the bot posts an invitation for. */
function demoEvening(): Evening {
  const item = DEMO_ANNUAL_RHYTHM.find((i) => i.kind === 'evening');
  const event = item && demoEvent(item, YEAR, SEEDED_AT, COORDINATOR);
  if (event?.kind !== 'evening') throw new Error('the demo annual rhythm has no evening');
  return { ...event, state: 'published' };
}

const SITE = 'https://yhdistysyhteistyo.example';

/**
 * The wheel picture as the bot's calendar answer links it: a signed https link to a PNG the
 * server draws. Here the renderer answers that link itself with the same PNG.
 */
function wheelImage(locale: Locale): { url: string; altText: string; png: Buffer } {
  const events = DEMO_ANNUAL_RHYTHM.map((item) => demoEvent(item, YEAR, SEEDED_AT, COORDINATOR));
  const calendar = buildAnnualCalendar(YEAR, events, { includeDrafts: false });
  return {
    url: `${SITE}/api/v1/calendar.png?year=${YEAR}&lang=${locale}&exp=1893456000&sig=demo`,
    altText: t(locale, 'events.card.wheelAlt', { year: YEAR }),
    png: wheelPng(calendar, locale),
  };
}

function contacts(): ContactInfo[] {
  return DEMO_PEOPLE.filter((p) => p.role === 'coordinator' || p.role === 'contact').map((p) => ({
    name: p.name,
    title: p.title,
    upn: p.upn,
    role: p.role === 'coordinator' ? 'coordinator' : 'contact',
    units: [...p.units],
  }));
}

export function cardSamples(locale: Locale): CardSample[] {
  const items = calendarItems();
  const groups = DEMO_WORKING_GROUPS.map((g) => ({ id: g.id, name: g.name, unitId: g.unit }));
  const nextMeetings = Object.fromEntries(
    groups.flatMap((g) => {
      const next = items.find((i) => i.workingGroupId === g.id);
      return next ? [[g.id, next]] : [];
    }),
  );
  const evening = demoEvening();
  const wheel = wheelImage(locale);
  const invitation = {
    event: evening,
    counts: { yes: 14, maybe: 3, no: 2, total: 19 },
    // Two weeks before the evening: registration is open.
    now: new Date(Date.parse(evening.start) - 14 * 86_400_000),
    icsUrl: `${SITE}/api/v1/events/${evening.id}/event.ics?sig=demo`,
    refreshUserIds: [],
    manualRefresh: false,
  };
  return [
    {
      name: 'welcome-team',
      card: welcomeTeamCard(
        { scope: 'team', guide: SEED_GUIDE, botName: BOT_NAME, postChannelName: 'Yhdistysillat' },
        locale,
      ),
    },
    {
      name: 'welcome-group-chat',
      card: welcomeTeamCard({ scope: 'groupChat', guide: SEED_GUIDE, botName: BOT_NAME }, locale),
    },
    { name: 'welcome-personal', card: welcomePersonalCard({ guide: SEED_GUIDE }, locale) },
    {
      name: 'help',
      card: helpCard({ guide: SEED_GUIDE, scope: 'channel', botName: BOT_NAME }, locale),
    },
    {
      name: 'unknown-command',
      card: unknownCommandCard(
        {
          text: locale === 'fi' ? 'mitä keväällä tapahtuu' : 'what happens in spring',
          suggestions: ['calendar', 'events', 'roles'],
        },
        locale,
      ),
    },
    {
      name: 'calendar',
      card: calendarCard(
        {
          from: localToUtc(`${YEAR}-01-01T00:00`),
          to: localToUtc(`${YEAR + 1}-01-01T00:00`),
          items,
        },
        locale,
      ),
    },
    {
      name: 'calendar-wheel',
      card: withWheelImage(
        calendarCard(
          {
            from: localToUtc(`${YEAR}-01-01T00:00`),
            to: localToUtc(`${YEAR + 1}-01-01T00:00`),
            items,
          },
          locale,
        ),
        wheel,
      ),
      images: { [wheel.url]: wheel.png },
    },
    {
      name: 'invitation',
      card: invitationCard({ ...invitation, refreshUserIds: ['29:demo-1', '29:demo-2'] }, locale),
    },
    {
      name: 'invitation-answered',
      card: invitationCard(
        {
          ...invitation,
          personal: {
            mine: {
              eventId: invitation.event.id,
              userId: 'demo-representative',
              name: DEMO_ASSOCIATIONS[0]?.contactName ?? 'Demo',
              answer: 'yes',
              association: DEMO_ASSOCIATIONS[0]?.name ?? 'Demo ry',
              contentWish: locale === 'fi' ? 'Tilavaraukset syksyllä' : 'Room bookings in autumn',
              answeredAt: invitation.now.toISOString(),
              via: 'card',
            },
          },
          notice: { text: t(locale, 'events.rsvp.saved'), good: true },
        },
        locale,
      ),
    },
    ...surveySamples(locale),
    {
      name: 'coming-events',
      card: comingEventsCard(
        {
          items: items.slice(0, 3),
          days: 120,
          groups: Object.fromEntries(groups.map((g) => [g.id, g.name])),
        },
        locale,
      ),
    },
    {
      name: 'working-groups',
      card: workingGroupsCard({ groups, units: DEMO_UNITS, nextMeetings }, locale),
    },
    {
      name: 'contacts',
      card: contactsCard({ guide: SEED_GUIDE, units: DEMO_UNITS, contacts: contacts() }, locale),
    },
    { name: 'house-rules', card: houseRulesCard({ rules: SEED_HOUSE_RULES }, locale) },
    ...SEED_TOPICS.map((topic) => ({
      name: `guide-${topic.kind === 'grants' ? 'grants' : 'event-cooperation'}`,
      card: guideTopicCard(topic, locale),
    })),
    ...SEED_HOUSE_RULES.map((rule) => ({
      name: `house-rule-${rule.kind}`,
      card: houseRuleCard(rule, locale),
    })),
    { name: 'roles', card: rolesCard({ roles: SEED_ROLES }, locale) },
    { name: 'language', card: languageChoiceCard({ current: locale }, locale) },
    {
      name: 'post-channel-changed',
      card: noticeCard(
        {
          title: t(locale, 'bot.postHere.title'),
          text: t(locale, 'bot.postHere.done', {
            team: 'Yhdistysyhteistyö',
            channel: 'Yhdistysillat',
          }),
        },
        locale,
      ),
    },
    {
      name: 'reminder-meeting-channel',
      card: reminderCard(
        {
          kind: 'meeting',
          title: { fi: 'Viestintätyöryhmän kokous', en: 'Communication working group meeting' },
          description: {
            fi: 'Kevään yhdistysillan viestintä ja kutsujen aikataulu.',
            en: "The spring association evening's communication and invitation schedule.",
          },
          place: { teamsUrl: 'https://teams.microsoft.com/l/meetup-join/viestinta' },
          start: localToUtc(`${YEAR}-01-21T09:00`),
          daysBefore: 1,
          audience: 'channel',
          group: { fi: 'Viestintä', en: 'Communication' },
          mentions: DEMO_PEOPLE.slice(0, 3).map((p) => ({ id: p.upn, name: p.name })),
        },
        locale,
      ),
    },
    {
      name: 'reminder-evening-personal',
      card: reminderCard(
        {
          kind: 'evening',
          title: { fi: 'Koko kaupungin yhdistysilta', en: 'Whole-city association evening' },
          description: {
            fi: 'Yhteinen avaus, sitten palvelualueiden omat osiot.',
            en: 'A joint opening, then sessions of the service areas.',
          },
          place: {
            teamsUrl: 'https://teams.microsoft.com/l/meetup-join/yhdistysilta',
            address: 'Kaupungintalo, Harjukatu 31',
          },
          start: localToUtc(`${YEAR}-02-22T17:30`),
          daysBefore: 7,
          audience: 'personal',
          answer: 'yes',
        },
        locale,
      ),
    },
    {
      name: 'error',
      card: errorCard({ reference: '7f3c2a91-0b6e-4d2f-9a15-c84e3b60d1f2' }, locale),
    },
    ...staleDataSamples(locale),
  ];
}

/** The yearly reminder of associations not checked for 12 months, and the card after a press. */
function staleDataSamples(locale: Locale): CardSample[] {
  const tab = 'https://yhdistys.kaupunki.example/tab/index.html?view=personal';
  const links = {
    editUrl: (id: string) => `${tab}&association=${id}`,
    listUrl: tab,
  };
  const associations = [
    ['kamarikuoro', 'Kaupungin Kamarikuoro ry', `${YEAR - 3}-09-14T08:00:00.000Z`],
    ['partio', 'Järvenrannan Partiolaiset ry', `${YEAR - 2}-01-20T10:30:00.000Z`],
    ['shakki', 'Shakkikerho Sotilas ry', `${YEAR - 2}-11-02T12:00:00.000Z`],
  ].map(([id = '', name = '', updatedAt = '']) => ({
    id,
    name,
    updatedAt,
    etag: `W/"datetime'${encodeURIComponent(updatedAt)}'"`,
  }));
  return [
    { name: 'stale-data', card: staleDataCard({ associations, ...links }, locale) },
    {
      name: 'stale-data-confirmed',
      card: staleDataCard(
        {
          associations: associations.slice(1),
          ...links,
          notice: {
            text: t(locale, 'staleData.card.confirmed', { name: 'Kaupungin Kamarikuoro ry' }),
            good: true,
          },
        },
        locale,
      ),
    },
  ];
}

/** The association survey of the demo year, in May: the form, and a person's view after answering. */
function surveySamples(locale: Locale): CardSample[] {
  const survey: Survey = {
    ...surveyInputSchema.parse(TEMPLATES.associationSurvey.input(YEAR)),
    id: 'survey-demo',
    state: 'open',
    year: YEAR,
    createdAt: `${YEAR}-04-01T07:00:00.000Z`,
    createdBy: 'demo',
    updatedAt: `${YEAR}-04-01T07:00:00.000Z`,
    updatedBy: 'demo',
  };
  const now = new Date(localToUtc(`${YEAR}-05-10T12:00`));
  const answers = Array.from({ length: 14 }, (_, i) => ({
    'a-grants': ['good', 'moderate', 'moderate', 'poor'][i % 4] ?? 'good',
    'a-contact': String((i % 5) + 1),
    'a-groups': i % 3 ? ['events'] : ['premises', 'grants'],
  }));
  const results = computeResults(survey.questions, tallyOf(survey.questions, answers));
  return [
    { name: 'survey-results', card: surveyResultsCard({ survey, results }, locale) },
    { name: 'survey', card: surveyCard({ survey, now }, locale) },
    {
      name: 'survey-answered',
      card: surveyCard(
        {
          survey,
          now,
          personal: { answered: true },
        },
        locale,
      ),
    },
  ];
}
