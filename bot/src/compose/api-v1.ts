/**
 * The tab's API (`/api/v1`) for associations, people and reference data, and the development
 * issuer: the token validator and the route modules, on the stores built once in `stores.ts`.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { AssociationsService } from '../domain/associations-service';
import { teamMembership } from '../domain/team-roster';
import { associationsRoutes } from '../http/associations-routes';
import { audiencesFor, validatorFromConfig, type TokenValidator } from '../http/auth';
import { DevIssuer, devIssuerRoutes } from '../http/dev-issuer';
import { meRoutes } from '../http/me-routes';
import { peopleRoutes, type PeopleDeps } from '../http/people-routes';
import { referenceRoutes } from '../http/reference-routes';
import type { RouteModule } from '../http/server';
import type { AuthDeps } from '../http/user-context';
import type { Logger } from '../log';
import type { Stores } from './stores';
import { addressKeyOf } from './surveys';

export interface ApiV1 {
  readonly routes: readonly RouteModule[];
  /** The middleware's dependencies, for other route modules that need a signed-in user. */
  readonly auth: AuthDeps;
  /** The associations register, for the other doors that change it (the bot's cards). */
  readonly register: AssociationsService;
  /** Tells the development issuer its URL once the server listens. */
  listening(baseUrl: string): void;
  /** Work that needs the tables: the config's coordinators. Logs and carries on when it fails. */
  prepare(): Promise<void>;
}

export async function createApiV1(
  config: Config,
  stores: Pick<
    Stores,
    | 'people'
    | 'reference'
    | 'associations'
    | 'audit'
    | 'groups'
    | 'roster'
    | 'conversations'
    | 'surveyKeys'
  >,
  log: Logger,
  /** A person's data in every table, built on the register (the people routes' export, erasure). */
  personalData: (register: AssociationsService) => PeopleDeps['personal'],
): Promise<ApiV1> {
  const { people, reference, associations, audit } = stores;
  const devIssuer = config.DEV_AUTH
    ? await DevIssuer.create(audiencesFor(config)[0] ?? '')
    : undefined;
  const validator: TokenValidator = validatorFromConfig(config, devIssuer);
  if (!config.DEV_AUTH && config.ALLOWED_TENANT_IDS.length === 0 && !config.AAD_APP_TENANT_ID) {
    log.warn('no ALLOWED_TENANT_IDS nor AAD_APP_TENANT_ID: every token will be refused');
  }
  const auth: AuthDeps = { validator, people };
  const workingGroupIds = () => stores.groups.ids();
  const register = new AssociationsService({
    associations,
    audit,
    reference,
    people,
    workingGroupIds,
    clock: () => new Date(),
    newId: randomUUID,
    log,
    teamMembership: teamMembership({
      roster: stores.roster,
      activeTeams: async () =>
        (await stores.conversations.listActive('team')).flatMap((i) =>
          i.key.kind === 'team' ? [i.key.teamId] : [],
        ),
      addressKey: addressKeyOf(stores.surveyKeys),
    }),
  });
  const routes: RouteModule[] = [
    meRoutes({ ...auth, register, devAuth: config.DEV_AUTH }),
    associationsRoutes({ ...auth, register }),
    referenceRoutes({ ...auth, register }),
    peopleRoutes({ ...auth, register, personal: personalData(register) }),
  ];
  if (devIssuer) {
    routes.push(devIssuerRoutes(devIssuer, async (upn) => people.get(upn)));
  }
  return {
    routes,
    auth,
    register,
    listening(baseUrl) {
      devIssuer?.listeningAt(baseUrl);
    },
    async prepare() {
      try {
        const created = await people.ensureInitialCoordinators();
        if (created > 0) log.info({ created }, 'initial coordinators written');
      } catch (error) {
        log.warn(
          { err: error },
          'could not write the initial coordinators; config still grants them',
        );
      }
    },
  };
}
