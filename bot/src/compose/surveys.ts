/**
 * Surveys and indicators: the service every door shares (the tab's API, the answer card, the
 * signed link page), on the stores built once in `stores.ts`.
 */
import { surveyCard } from '../cards/survey';
import {
  SurveysService,
  type RespondentKeys,
  type SurveyCardPreview,
  type SurveyPublisher,
} from '../domain/surveys-service';
import type { NewOutboxRow, OutboxStore } from '../delivery/ports';
import type { AudienceReader } from './delivery-sources';
import { surveyPageRoutes } from '../http/survey-page';
import { surveysRoutes } from '../http/surveys-routes';
import type { RouteModule } from '../http/server';
import type { AuthDeps } from '../http/user-context';
import type { Stores } from './stores';

export interface SurveysApi {
  readonly routes: readonly RouteModule[];
  readonly service: SurveysService;
}

/** A draft's card as the bot would post it: nobody has answered it yet. */
export const surveyCardPreview: SurveyCardPreview = (survey, now, locale) =>
  Promise.resolve(surveyCard({ survey, now }, locale));

export function createSurveysApi(options: {
  readonly stores: Pick<
    Stores,
    'surveys' | 'surveyAnswers' | 'surveyKeys' | 'indicators' | 'feedSecret' | 'associations'
  >;
  readonly auth: AuthDeps;
  readonly publicUrl?: string | undefined;
  readonly clock?: () => Date;
  readonly log?: { warn(obj: object, msg: string): void };
}): SurveysApi {
  const { stores } = options;
  const service = new SurveysService({
    surveys: stores.surveys,
    answers: stores.surveyAnswers,
    keys: stores.surveyKeys,
    indicators: stores.indicators,
    clock: options.clock ?? (() => new Date()),
    preview: surveyCardPreview,
    ...(options.log ? { log: options.log } : {}),
  });
  const associations = {
    all: async () => (await stores.associations.all()).map((a) => ({ id: a.id, name: a.name })),
    get: (id: string) => stores.associations.get(id),
  };
  const routes = [
    surveysRoutes({
      ...options.auth,
      service,
      feedSecret: stores.feedSecret,
      associations,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    }),
    surveyPageRoutes({ service, feedSecret: stores.feedSecret, associations }),
  ];
  return { routes, service };
}

/**
 * The keyed hash of an address for survey audiences: the respondents' HMAC secret in a scope of
 * its own, so a personal install keeps no address and the hash matches no answer's key.
 */
export function addressKeyOf(keys: RespondentKeys): (address: string) => Promise<string> {
  return (address) => keys.key('audience', address.trim().toLowerCase());
}

/** Who has a city role and who is an association's contact person, as address keys; a minute's cache. */
export function registerAudience(
  stores: Pick<Stores, 'directory' | 'associations' | 'surveyKeys'>,
  now: () => number = Date.now,
): AudienceReader {
  const keyOf = addressKeyOf(stores.surveyKeys);
  let roles:
    { at: number; value: Promise<ReadonlyMap<string, 'coordinator' | 'contact'>> } | undefined;
  let contacts: { at: number; value: Promise<ReadonlySet<string>> } | undefined;
  const fresh = (entry: { at: number } | undefined) => entry && now() - entry.at < 60_000;
  const kept = <T>(value: Promise<T>, forget: () => void): Promise<T> => {
    value.catch(forget);
    return value;
  };
  return {
    cityRoles() {
      if (!fresh(roles)) {
        const value = (async () => {
          const people = await stores.directory.contacts();
          const keys = await Promise.all(people.map((p) => keyOf(p.upn)));
          return new Map(keys.map((k, i) => [k, people[i]?.role ?? 'contact'] as const));
        })();
        roles = { at: now(), value: kept(value, () => (roles = undefined)) };
      }
      return (roles as NonNullable<typeof roles>).value;
    },
    associationContacts() {
      if (!fresh(contacts)) {
        const value = (async () => {
          const addresses = new Set(
            (await stores.associations.all()).flatMap((a) =>
              a.contacts.map((c) => c.email.trim().toLowerCase()).filter((e) => e !== ''),
            ),
          );
          return new Set(await Promise.all([...addresses].map(keyOf)));
        })();
        contacts = { at: now(), value: kept(value, () => (contacts = undefined)) };
      }
      return (contacts as NonNullable<typeof contacts>).value;
    },
  };
}

/**
 * The survey's posts to the team's channel as outbox rows, due at once: the opening card (the
 * same row the schedule would make, so it is never sent twice) and each results card the
 * coordinator asks for. The engine is woken to send them now, with its status, retries and
 * limits; `notPosted` when the app is in no team.
 */
export function outboxSurveyPublisher(deps: {
  readonly outbox: Pick<OutboxStore, 'insert'>;
  readonly teams: { listActive(kind: 'team'): Promise<readonly unknown[]> };
  readonly wake: () => void;
  readonly clock?: () => Date;
}): SurveyPublisher {
  const clock = deps.clock ?? (() => new Date());
  const queue = async (
    row: Omit<NewOutboxRow, 'target' | 'dueAt' | 'state'>,
  ): Promise<'queued' | 'notPosted'> => {
    if ((await deps.teams.listActive('team')).length === 0) return 'notPosted';
    await deps.outbox.insert([
      { ...row, target: { kind: 'channel' }, dueAt: clock().toISOString(), state: 'waiting' },
    ]);
    deps.wake();
    return 'queued';
  };
  return {
    post: (survey) =>
      queue({
        postId: `survey:${survey.id}`,
        occurrence: 'open',
        kind: 'surveyOpen',
        payload: { kind: 'surveyOpen', surveyId: survey.id },
      }),
    postResults: (survey) =>
      queue({
        postId: `survey:${survey.id}`,
        occurrence: `results@${clock().toISOString()}`,
        kind: 'surveyResults',
        payload: { kind: 'surveyResults', surveyId: survey.id },
      }),
  };
}
