/** Fresh contact data: the yearly personal reminder of associations not checked for 12 months. */
export const fi = {
  'delivery.kind.staleData': 'Muistutus yhdistysten tietojen tarkistamisesta',
  'staleData.card.title': 'Ovatko yhdistystesi tiedot ajan tasalla?',
  'staleData.card.intro':
    'Näiden yksiköidesi yhdistysten tiedot on tarkistettu viimeksi yli 12 kuukautta sitten. Merkitse ne ajan tasalla oleviksi tai korjaa ne.',
  'staleData.card.since': 'Tarkistettu viimeksi {date}',
  'staleData.card.confirm': 'Tiedot ovat ajan tasalla',
  'staleData.card.edit': 'Muokkaa tietoja',
  'staleData.card.more': 'Ja {count} muuta yhdistystä: katso välilehdeltä.',
  'staleData.card.openTab': 'Avaa yhdistysten lista',
  'staleData.card.allDone': 'Kaikkien yksiköidesi yhdistysten tiedot on tarkistettu. Kiitos!',
  'staleData.card.confirmed': 'Yhdistyksen {name} tiedot merkitty tarkistetuiksi tänään.',
  'staleData.card.changed':
    'Yhdistyksen {name} tietoja muutettiin juuri toisaalla; alla on tilanne nyt. Tarkista tiedot uudelleen.',
  'staleData.card.gone': 'Yhdistystä ei enää löydy rekisteristä.',
  'staleData.card.notAllowed':
    'Vain yhdistyksen yksikön yhteyshenkilö voi merkitä sen tiedot tarkistetuiksi.',
  'staleData.card.failed': 'Tallentaminen ei onnistunut. Yritä hetken kuluttua uudelleen.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'delivery.kind.staleData': "Reminder to check associations' data",
  'staleData.card.title': "Is your associations' data up to date?",
  'staleData.card.intro':
    'The data of these associations of your units was last checked more than 12 months ago. Mark it as still correct, or fix it.',
  'staleData.card.since': 'Last checked {date}',
  'staleData.card.confirm': 'Still correct',
  'staleData.card.edit': 'Edit the data',
  'staleData.card.more': 'And {count} more associations: see the tab.',
  'staleData.card.openTab': 'Open the list of associations',
  'staleData.card.allDone':
    'The data of every association of your units has been checked. Thank you!',
  'staleData.card.confirmed': 'The data of {name} marked as checked today.',
  'staleData.card.changed':
    'The data of {name} was just changed elsewhere; below is how things are now. Please check it again.',
  'staleData.card.gone': 'The association is no longer in the register.',
  'staleData.card.notAllowed':
    "Only a contact person of the association's unit can mark its data as checked.",
  'staleData.card.failed': 'Saving did not work. Please try again in a moment.',
};
