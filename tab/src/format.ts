import { t, type Locale } from './messages';

const HELSINKI = 'Europe/Helsinki';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: HELSINKI,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `22.2.2027 klo 17.30` (fi) or `22.2.2027 at 17.30` (en), in Helsinki time. */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return t(locale, 'tab.dateTime', {
    date: `${Number(p.day)}.${Number(p.month)}.${p.year}`,
    time: `${p.hour}.${p.minute}`,
  });
}

/** `22.2.2027` in Helsinki time. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${Number(p.day)}.${Number(p.month)}.${p.year}`;
}

const collators: Record<Locale, Intl.Collator> = {
  fi: new Intl.Collator('fi', { sensitivity: 'base', numeric: true }),
  en: new Intl.Collator('en', { sensitivity: 'base', numeric: true }),
};

/** Sorts names the way the reader's language does (Finnish puts Ä and Ö after Z). */
export function compareNames(a: string, b: string, locale: Locale): number {
  return collators[locale].compare(a, b);
}
