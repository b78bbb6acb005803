/** The association's fields as the dialogs show them: labels, values as text, differences. */
import type { Translate } from '../i18n';
import type { AssociationData, ContactPerson, Unit } from '../api/model';
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';

export type FieldName = keyof AssociationData;

export const FIELD_ORDER: readonly FieldName[] = [
  'name',
  'registerNumber',
  'businessId',
  'units',
  'categories',
  'contacts',
  'website',
  'profileUrl',
  'hasRepresentative',
  'workingGroups',
  'notes',
  'status',
];

const LABELS: Record<FieldName, MessageKey> = {
  name: 'tab.field.name',
  registerNumber: 'tab.field.registerNumber',
  businessId: 'tab.field.businessId',
  units: 'tab.field.units',
  categories: 'tab.field.categories',
  contacts: 'tab.field.contacts',
  website: 'tab.field.website',
  profileUrl: 'tab.field.profileUrl',
  hasRepresentative: 'tab.field.hasRepresentative',
  workingGroups: 'tab.field.workingGroups',
  notes: 'tab.field.notes',
  status: 'tab.field.status',
};

export function fieldLabel(field: string, t: Translate): string {
  return field in LABELS ? t(LABELS[field as FieldName]) : field;
}

/** The four working groups of the operating model; the API has no list of them. */
export const WORKING_GROUPS: readonly { id: string; label: MessageKey }[] = [
  { id: 'tilat', label: 'tab.workingGroup.tilat' },
  { id: 'viestinta', label: 'tab.workingGroup.viestinta' },
  { id: 'tapahtumat', label: 'tab.workingGroup.tapahtumat' },
  { id: 'avustukset', label: 'tab.workingGroup.avustukset' },
];

export interface Names {
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly locale: Locale;
  readonly t: Translate;
}

function nameOf(list: readonly Unit[], id: string, locale: Locale): string {
  return list.find((u) => u.id === id)?.name[locale] ?? id;
}

export function contactText(c: ContactPerson, t: Translate): string {
  return [c.name, c.role, c.email, c.phone, t(`tab.language.${c.language}`)]
    .filter((part) => part !== '')
    .join(', ');
}

/** A field's value as one line of text ('—' when empty). */
export function valueText(field: FieldName, data: AssociationData, names: Names): string {
  return formatValue(field, data[field], names);
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function isContact(value: unknown): value is ContactPerson {
  return typeof value === 'object' && value !== null && 'name' in value && 'email' in value;
}

/** Any value of a field, also one read back from the history (so it is checked, not trusted). */
export function formatValue(field: FieldName, value: unknown, names: Names): string {
  const { t, locale } = names;
  const out = (() => {
    switch (field) {
      case 'units':
        return strings(value)
          .map((id) => nameOf(names.units, id, locale))
          .join(', ');
      case 'categories':
        return strings(value)
          .map((id) => nameOf(names.categories, id, locale))
          .join(', ');
      case 'workingGroups':
        return strings(value)
          .map((id) => {
            const known = WORKING_GROUPS.find((w) => w.id === id);
            return known ? t(known.label) : id;
          })
          .join(', ');
      case 'contacts':
        return Array.isArray(value)
          ? value
              .filter(isContact)
              .map((c) => contactText(c, t))
              .join('; ')
          : '';
      case 'hasRepresentative':
        return value === true ? t('tab.yes') : value === false ? t('tab.no') : '';
      case 'status':
        return value === 'active'
          ? t('tab.status.active')
          : value === 'inactive'
            ? t('tab.status.inactive')
            : '';
      default:
        return typeof value === 'string' ? value : '';
    }
  })();
  return out === '' ? '—' : out;
}

/** Only the data fields of an association (no id, times, authors or ETag). */
export function dataOf(a: AssociationData): AssociationData {
  return {
    name: a.name,
    registerNumber: a.registerNumber,
    businessId: a.businessId,
    units: [...a.units],
    categories: [...a.categories],
    contacts: a.contacts.map((c) => ({ ...c })),
    website: a.website,
    profileUrl: a.profileUrl,
    hasRepresentative: a.hasRepresentative,
    workingGroups: [...a.workingGroups],
    notes: a.notes,
    status: a.status,
  };
}

export function sameValue(field: FieldName, a: AssociationData, b: AssociationData): boolean {
  return JSON.stringify(a[field]) === JSON.stringify(b[field]);
}
