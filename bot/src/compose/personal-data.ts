/**
 * A person's data in every table: the register's part (`AssociationsService`) and one area per
 * other table group, on the tables built once in `stores.ts`.
 */
import type { AssociationsService } from '../domain/associations-service';
import { PersonalDataService } from '../domain/personal-data';
import {
  auditValuesArea,
  authorshipArea,
  conversationsArea,
  deliveriesArea,
  eventsArea,
  groupsArea,
  noPersonArea,
  rolesArea,
  rosterArea,
  rsvpsArea,
  surveysArea,
} from '../storage/personal-data-store';
import { TABLES, type TableStorage } from '../storage/tables';
import type { Stores } from './stores';
import { addressKeyOf } from './surveys';

export function createPersonalData(
  storage: Pick<TableStorage, 'table'>,
  stores: Pick<Stores, 'audit' | 'surveyKeys'>,
  register: Pick<AssociationsService, 'exportPerson' | 'erasePerson'>,
): PersonalDataService {
  const t = (name: (typeof TABLES)[keyof typeof TABLES]) => storage.table(name);
  return new PersonalDataService({
    register,
    registerTables: [TABLES.associations, TABLES.people, TABLES.audit],
    audit: stores.audit,
    areas: {
      roles: rolesArea(t(TABLES.people)),
      rsvps: rsvpsArea(t(TABLES.rsvps)),
      groups: groupsArea(t(TABLES.workingGroups)),
      events: eventsArea(t(TABLES.events)),
      conversations: conversationsArea(t(TABLES.conversations)),
      roster: rosterArea(t(TABLES.conversations), addressKeyOf(stores.surveyKeys)),
      deliveries: deliveriesArea(t(TABLES.outbox), t(TABLES.leases)),
      surveys: surveysArea(
        {
          surveys: t(TABLES.surveys),
          answers: t(TABLES.surveyAnswers),
          keys: t(TABLES.surveyKeys),
        },
        (surveyId, respondent) => stores.surveyKeys.key(surveyId, respondent),
      ),
      authorship: authorshipArea({
        [TABLES.units]: t(TABLES.units),
        [TABLES.categories]: t(TABLES.categories),
        [TABLES.meta]: t(TABLES.meta),
        [TABLES.content]: t(TABLES.content),
      }),
      auditValues: auditValuesArea(t(TABLES.audit)),
      none: noPersonArea({ [TABLES.indicators]: t(TABLES.indicators) }),
    },
  });
}
