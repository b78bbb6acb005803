/**
 * Surveys and indicators: the service every door shares (the tab's API, the answer card, the
 * signed link page), on the stores built once in `stores.ts`.
 */
import { SurveysService } from '../domain/surveys-service';
import { surveyPageRoutes } from '../http/survey-page';
import { surveysRoutes } from '../http/surveys-routes';
import type { RouteModule } from '../http/server';
import type { AuthDeps } from '../http/user-context';
import type { Stores } from './stores';

export interface SurveysApi {
  readonly routes: readonly RouteModule[];
  readonly service: SurveysService;
}

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
