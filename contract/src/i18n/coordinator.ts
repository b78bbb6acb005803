/** The coordinator's year: lead times, working groups in the tab. */
export const fi = {
  'leadTimes.error.days': 'Päiviä ennen on kokonaisluku 0–60.',
  'leadTimes.error.time': 'Kellonaika muodossa 9.00 tai 09:00.',
  'leadTimes.error.invalid': 'Tarkista muistutusajat.',
  'leadTimes.error.tooMany': 'Enintään kuusi muistutusta.',
  'leadTimes.error.duplicate': 'Sama muistutusaika on kahdesti.',
  'leadTimes.error.format':
    'Kirjoita muistutukset muodossa "14 9.00, 1 9.00": päivät ennen ja kellonaika, pilkulla erotettuina.',
  'leadTimes.label': 'Muistutukset (päivää ennen ja kellonaika)',
  'leadTimes.hint': 'Esim. "14 9.00, 1 9.00". Tyhjä: {fallback}. Päivät 0–60; 0 = samana päivänä.',
  'leadTimes.defaults': 'oletukset ({text})',
  'leadTimes.groupDefaults': 'työryhmän muistutukset ({text})',
  'leadTimes.noneSet': 'ei muistutuksia',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'leadTimes.error.days': 'Days before is a whole number 0–60.',
  'leadTimes.error.time': 'A time of day such as 9.00 or 09:00.',
  'leadTimes.error.invalid': 'Check the reminder times.',
  'leadTimes.error.tooMany': 'Six reminders at most.',
  'leadTimes.error.duplicate': 'The same reminder time is there twice.',
  'leadTimes.error.format':
    'Write the reminders as "14 9.00, 1 9.00": days before and a time, separated by commas.',
  'leadTimes.label': 'Reminders (days before and time)',
  'leadTimes.hint': 'E.g. "14 9.00, 1 9.00". Empty: {fallback}. Days 0–60; 0 = on the day.',
  'leadTimes.defaults': 'the defaults ({text})',
  'leadTimes.groupDefaults': "the group's reminders ({text})",
  'leadTimes.noneSet': 'no reminders',
};
