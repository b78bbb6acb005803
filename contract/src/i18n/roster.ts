/** The mailing list that leaves out the people who are in the team. */
export const fi = {
  'mailing.notInTeam': 'Ilman tiimin jäseniä',
  'mailing.copiedLeftOut':
    'Sähköpostilista kopioitu ({count} osoitetta). {leftOut} jätettiin pois, koska he ovat tiimissä.',
  'mailing.allInTeam': 'Kaikki valittujen yhdistysten yhteyshenkilöt ovat jo tiimissä.',
};

export const en: Record<keyof typeof fi, string> = {
  'mailing.notInTeam': 'Without team members',
  'mailing.copiedLeftOut':
    'Mailing list copied ({count} addresses). {leftOut} were left out as they are in the team.',
  'mailing.allInTeam': 'Every contact person of the chosen associations is already in the team.',
};
