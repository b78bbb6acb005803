/**
 * The card library: Adaptive Cards (schema 1.5, what Teams renders for bots) built by pure
 * functions. Conventions for every card in this folder:
 *
 * - One file per card, exporting `xxxCard(data, locale): AdaptiveCard`. No I/O, no clock reads:
 *   whatever a card shows comes in through `data` (pass `now` in when time matters).
 * - Every word comes from the i18n catalogs (`t(locale, 'area.key')`) or from the data;
 *   bilingual data is picked with `pick(value, locale)`. Dates and times are Helsinki time,
 *   formatted with the helpers below (Finnish style `ti 22.2. klo 17.30`).
 * - Buttons are `submitAction(VERBS.x, title, params)`; verbs live only in `verbs.ts`.
 * - Headings use `heading()` (a TextBlock with `style: 'heading'`, so screen readers announce
 *   it); secondary lines use `subtle()`. Colour never carries meaning alone.
 * - A card must stay under 28 KB serialized with its largest realistic data: prefer FactSets and
 *   plain TextBlocks over deep column layouts, and leave out properties at their defaults.
 * - `test/support/card-check.ts` checks every card: it parses with the `adaptivecards` library
 *   and validates (zero events), measures the size, and refuses `undefined`, `null` and `${` in
 *   any text. Add each new card to `test/cards.test.ts` in both languages.
 */
import type { CommandId } from '../domain/commands';
import {
  formatDateRange,
  helsinkiParts,
  monthName,
  weekdayName,
} from '@yhdistysyhteistyo/contract/time';
import { t, type Locale, type MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { VERBS, type Verb } from './verbs';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap?: boolean;
  readonly size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  readonly weight?: 'Lighter' | 'Default' | 'Bolder';
  readonly color?: 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  readonly isSubtle?: boolean;
  readonly style?: 'default' | 'heading';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface Fact {
  readonly title: string;
  readonly value: string;
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly Fact[];
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface Column {
  readonly type: 'Column';
  readonly items: readonly CardElement[];
  readonly width?: 'auto' | 'stretch' | number;
  readonly verticalContentAlignment?: 'Top' | 'Center' | 'Bottom';
}

export interface ColumnSet {
  readonly type: 'ColumnSet';
  readonly columns: readonly Column[];
  readonly spacing?: Spacing;
  readonly separator?: boolean;
}

export interface ActionSet {
  readonly type: 'ActionSet';
  readonly actions: readonly CardAction[];
  readonly spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | ColumnSet | ActionSet;

/** What a button sends back: the verb and string parameters. */
export type ActionData = { readonly verb: Verb } & Readonly<Record<string, string>>;

export interface SubmitAction {
  readonly type: 'Action.Submit';
  readonly title: string;
  readonly data: ActionData;
  readonly style?: 'default' | 'positive' | 'destructive';
}

/** Universal Action: the bot answers with a card that replaces this one (e.g. after an RSVP). */
export interface ExecuteAction {
  readonly type: 'Action.Execute';
  readonly title: string;
  readonly verb: Verb;
  readonly data?: Readonly<Record<string, string>>;
  readonly style?: 'default' | 'positive' | 'destructive';
}

export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export type CardAction = SubmitAction | ExecuteAction | OpenUrlAction;

export interface AdaptiveCard {
  readonly $schema: string;
  readonly type: 'AdaptiveCard';
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardAction[];
}

/**
 * What a card may weigh serialized: under the 28 KB that every path to Teams accepts, with room
 * for the activity around it.
 */
export const CARD_BUDGET_BYTES = 26 * 1024;

export function cardBytes(value: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Shortens a line of data to `max` characters, marking the cut. */
export function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1).trimEnd()}…` : value;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** A card as a Bot Framework attachment. */
export function attachment(card: AdaptiveCard): {
  contentType: typeof CARD_CONTENT_TYPE;
  content: AdaptiveCard;
} {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

export function card(
  body: readonly CardElement[],
  actions: readonly CardAction[] = [],
): AdaptiveCard {
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * Text as text: Teams renders a TextBlock's and a fact's text as markdown, so an association's
 * name, an event title or a person's words could make a link (`[x](https://…)`), a mention
 * (`<at>`), bold, a heading or a list. Every character that markdown gives a meaning is escaped
 * with a backslash (which Teams shows as the character itself); list markers and headings only
 * where they start a line. No card text of this app is meant as markdown.
 */
export function plainText(value: string): string {
  return value
    .replace(/[\\`*_~[\]<>|]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/gm, '$1\\$2');
}

export function heading(text: string, size: 'Medium' | 'Large' = 'Large'): TextBlock {
  return {
    type: 'TextBlock',
    text: plainText(text),
    wrap: true,
    size,
    weight: 'Bolder',
    style: 'heading',
  };
}

export function text(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: plainText(value), wrap: true, ...options };
}

export function subtle(value: string, options: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock {
  return { type: 'TextBlock', text: plainText(value), wrap: true, isSubtle: true, ...options };
}

export function facts(
  pairs: readonly Fact[],
  options: Omit<FactSet, 'type' | 'facts'> = {},
): FactSet {
  return {
    type: 'FactSet',
    facts: pairs.map((f) => ({ ...f, title: plainText(f.title), value: plainText(f.value) })),
    ...options,
  };
}

/**
 * A bulleted list without markdown: each item a row of a bullet column and a text column, so a
 * wrapped line stays indented under its own text.
 */
export function bullets(items: readonly string[]): Container {
  return {
    type: 'Container',
    spacing: 'Small',
    items: items.map((item): ColumnSet => ({
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        { type: 'Column', width: 'auto', items: [text('•')] },
        { type: 'Column', width: 'stretch', items: [text(item)] },
      ],
    })),
  };
}

export function submitAction(
  verb: Verb,
  title: string,
  params: Readonly<Record<string, string>> = {},
): SubmitAction {
  return { type: 'Action.Submit', title, data: { ...params, verb } };
}

export function actionSet(actions: readonly CardAction[], spacing: Spacing = 'Medium'): ActionSet {
  return { type: 'ActionSet', actions, spacing };
}

/** The Finnish or English version of a bilingual value; an empty English text falls back. */
export function pick<T>(value: { readonly fi: T; readonly en: T }, locale: Locale): T {
  if (locale === 'en') {
    const en = value.en;
    if (typeof en === 'string' ? en.trim() !== '' : Array.isArray(en) ? en.length > 0 : true) {
      return en;
    }
  }
  return value.fi;
}

/** Capitalised month and year: "Helmikuu 2027" / "February 2027". */
export function monthTitle(year: number, month: number, locale: Locale): string {
  const name = monthName(month, locale);
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${year}`;
}

function clock(hour: number, minute: number, locale: Locale): string {
  const mm = String(minute).padStart(2, '0');
  return locale === 'fi' ? `${hour}.${mm}` : `${String(hour).padStart(2, '0')}:${mm}`;
}

function dayText(day: number, month: number, locale: Locale): string {
  return locale === 'fi' ? `${day}.${month}.` : `${day} ${monthName(month, 'en', 'short')}`;
}

/** True for a span that covers whole days (00.00 → 23.59 or 00.00 of a later day). */
function isAllDay(startIso: string, endIso: string): boolean {
  const s = helsinkiParts(startIso);
  const e = helsinkiParts(endIso);
  return (
    s.hour === 0 &&
    s.minute === 0 &&
    ((e.hour === 23 && e.minute === 59) || (e.hour === 0 && e.minute === 0))
  );
}

/**
 * A compact when-text without the year, for lists: `ti 22.2. klo 17.30–20.00`,
 * `Tue 22 Feb, 17:30–20:00`, or `1.5.–31.5.` / `1 May – 31 May` for whole days.
 */
export function shortWhen(startIso: string, endIso: string, locale: Locale): string {
  const s = helsinkiParts(startIso);
  const e = helsinkiParts(endIso);
  if (isAllDay(startIso, endIso)) {
    const last = e.hour === 0 && e.minute === 0 ? helsinkiParts(dayBefore(endIso)) : e;
    const first = dayText(s.day, s.month, locale);
    if (last.day === s.day && last.month === s.month) return first;
    return locale === 'fi'
      ? `${first}–${dayText(last.day, last.month, locale)}`
      : `${first} – ${dayText(last.day, last.month, locale)}`;
  }
  const day = `${weekdayName(s.weekday, locale)} ${dayText(s.day, s.month, locale)}`;
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  const start = clock(s.hour, s.minute, locale);
  if (!sameDay) {
    return `${day} ${locale === 'fi' ? 'klo ' : ''}${start} – ${dayText(e.day, e.month, locale)}`;
  }
  const range = endIso > startIso ? `${start}–${clock(e.hour, e.minute, locale)}` : start;
  return locale === 'fi' ? `${day} klo ${range}` : `${day}, ${range}`;
}

/**
 * The start only, for overviews: `ma 22.2. klo 17.30` / `Mon 22 Feb, 17:30`; whole days as in
 * `shortWhen`.
 */
export function shortStart(startIso: string, endIso: string, locale: Locale): string {
  if (isAllDay(startIso, endIso)) return shortWhen(startIso, endIso, locale);
  const s = helsinkiParts(startIso);
  const day = `${weekdayName(s.weekday, locale)} ${dayText(s.day, s.month, locale)}`;
  const time = clock(s.hour, s.minute, locale);
  return locale === 'fi' ? `${day} klo ${time}` : `${day}, ${time}`;
}

function dayBefore(iso: string): string {
  return new Date(Date.parse(iso) - 60_000).toISOString();
}

/** The full date span with the year, for headings: `1.1.–31.12.2027`. */
export function periodText(fromIso: string, toIso: string, locale: Locale): string {
  return formatDateRange(fromIso, dayBefore(toIso), locale);
}

/** The button that does what a command does, for commands that have one. */
const COMMAND_BUTTONS: Partial<Record<CommandId, { verb: Verb; label: MessageKey }>> = {
  help: { verb: VERBS.showHelp, label: 'bot.action.help' },
  calendar: { verb: VERBS.showCalendar, label: 'bot.action.calendar' },
  events: { verb: VERBS.showEvents, label: 'bot.action.events' },
  workingGroups: { verb: VERBS.showWorkingGroups, label: 'bot.action.workingGroups' },
  contacts: { verb: VERBS.showContacts, label: 'bot.action.contacts' },
  houseRules: { verb: VERBS.showHouseRules, label: 'bot.action.houseRules' },
  roles: { verb: VERBS.showRoles, label: 'bot.action.roles' },
  language: { verb: VERBS.setLanguage, label: 'bot.language.title' },
};

export function commandButton(command: CommandId, locale: Locale): SubmitAction | undefined {
  const button = COMMAND_BUTTONS[command];
  return button ? submitAction(button.verb, t(locale, button.label)) : undefined;
}
