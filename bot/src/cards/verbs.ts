/**
 * Every action verb a card can send back to the bot, in one place. A card button carries
 * `{ verb, ...params }` as its data; the bot routes on `verb`. Add new verbs here (events:
 * RSVP, reminders) so a typo is a type error, not a dead button.
 */
export const VERBS = {
  showHelp: 'help.show',
  showCalendar: 'calendar.show',
  showEvents: 'events.show',
  showWorkingGroups: 'workingGroups.show',
  showContacts: 'contacts.show',
  showHouseRules: 'houseRules.show',
  showRoles: 'roles.show',
  setLanguage: 'language.set',
  // Invitation cards (Action.Execute): an answer, and the per-person view of the card.
  rsvpAnswer: 'rsvp.answer',
  rsvpRefresh: 'rsvp.refresh',
  // Survey cards (Action.Execute): an answer, the per-person view, and changing an answer.
  surveyAnswer: 'survey.answer',
  surveyRefresh: 'survey.refresh',
  surveyChange: 'survey.change',
  // The yearly stale-data reminder (Action.Execute): an association's data is still correct.
  staleDataConfirm: 'staleData.confirm',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

const ALL: ReadonlySet<string> = new Set(Object.values(VERBS));

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && ALL.has(value);
}
