/**
 * Builds the tab's API (`/api/v1`) and the development issuer from config and storage: the
 * stores, the token validator and the route modules. index.ts registers what this returns.
 */
import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { Config } from '../config';
import { AssociationsService } from '../domain/associations-service';
import type { Logger } from '../log';
import { AssociationsStore } from '../storage/associations-store';
import { AuditStore } from '../storage/audit-store';
import { PeopleStore } from '../storage/people-store';
import { REFERENCE_TABLES, ReferenceDataStore } from '../storage/reference-data-store';
import { TABLES, type TableStorage } from '../storage/tables';
import { associationsRoutes } from './associations-routes';
import { audiencesFor, validatorFromConfig, type TokenValidator } from './auth';
import { DevIssuer, devIssuerRoutes } from './dev-issuer';
import { meRoutes } from './me-routes';
import { peopleRoutes } from './people-routes';
import { referenceRoutes } from './reference-routes';
import type { RouteModule } from './server';
import type { AuthDeps } from './user-context';

export interface ApiV1 {
  readonly routes: readonly RouteModule[];
  /** The middleware's dependencies, for other route modules that need a signed-in user. */
  readonly auth: AuthDeps;
  readonly associations: AssociationsStore;
  /** Tells the development issuer its URL once the server listens. */
  listening(baseUrl: string): void;
  /** Work that needs the tables: the config's coordinators. Logs and carries on when it fails. */
  prepare(): Promise<void>;
}

export async function createApiV1(
  config: Config,
  storage: TableStorage,
  log: Logger,
): Promise<ApiV1> {
  const people = new PeopleStore(storage.table(TABLES.people), config.INITIAL_COORDINATORS);
  const reference = new ReferenceDataStore((kind) => storage.table(REFERENCE_TABLES[kind]));
  const associations = new AssociationsStore(storage.table(TABLES.associations), randomUUID);
  const audit = new AuditStore(storage.table(TABLES.audit));
  const devIssuer = config.DEV_AUTH
    ? await DevIssuer.create(audiencesFor(config)[0] ?? '')
    : undefined;
  const validator: TokenValidator = validatorFromConfig(config, devIssuer);
  if (!config.DEV_AUTH && config.ALLOWED_TENANT_IDS.length === 0 && !config.AAD_APP_TENANT_ID) {
    log.warn('no ALLOWED_TENANT_IDS nor AAD_APP_TENANT_ID: every token will be refused');
  }
  const auth: AuthDeps = { validator, people };
  // The working groups' partition, as the demo seeding and the working-groups store write it.
  const GROUP_PARTITION = 'group';
  const workingGroupIds = async () => {
    const ids = new Set<string>();
    const groups = storage.table(TABLES.workingGroups).listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${GROUP_PARTITION}`, select: ['rowKey'] },
    });
    for await (const g of groups) if (g.rowKey) ids.add(g.rowKey);
    return ids;
  };
  const register = new AssociationsService({
    associations,
    audit,
    reference,
    people,
    workingGroupIds,
    clock: () => new Date(),
    newId: randomUUID,
    log,
  });
  const routes: RouteModule[] = [
    meRoutes({ ...auth, register, devAuth: config.DEV_AUTH }),
    associationsRoutes({ ...auth, register }),
    referenceRoutes({ ...auth, register }),
    peopleRoutes({ ...auth, register }),
  ];
  if (devIssuer) {
    routes.push(devIssuerRoutes(devIssuer, async (upn) => people.get(upn)));
  }
  return {
    routes,
    auth,
    associations,
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
