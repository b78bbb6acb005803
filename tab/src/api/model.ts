/**
 * The API's shapes, from the domain the bot validates with. Types only: a value import from
 * these modules would pull zod into the first load; the dialogs import the schemas themselves.
 */
export type {
  Association,
  AssociationData,
  AssociationInput,
  AssociationList,
  AuditChange,
  AuditEntry,
  Category,
  ConflictBody,
  ContactPerson,
  HistoryResponse,
  ImportResult,
  ImportRowError,
  MailingList,
  ReferenceInput,
  Unit,
} from '@yhdistysyhteistyo/contract/associations';
export type {
  MeResponse,
  Role,
  RoleAssignment,
  RoleAssignmentInput,
} from '@yhdistysyhteistyo/contract/people';
