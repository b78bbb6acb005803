/** Survey cards to the team's channel through the outbox: the opening card and the results. */
export const fi = {
  'delivery.kind.surveyResults': 'Kyselyn tulokset',
  'surveys.tab.openedQueued':
    'Kysely avattu. Kortti on lähdössä tiimin kanavalle; sen tilan näet koordinaattorin näkymän julkaisuista.',
  'surveys.tab.resultsQueued':
    'Tulokset ovat lähdössä tiimin kanavalle; niiden tilan näet koordinaattorin näkymän julkaisuista.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'delivery.kind.surveyResults': 'Survey results',
  'surveys.tab.openedQueued':
    "Survey opened. The card is on its way to the team's channel; its status is in the posts of the coordinator's home.",
  'surveys.tab.resultsQueued':
    "The results are on their way to the team's channel; their status is in the posts of the coordinator's home.",
};
