/** Who sees what, guests, limits and the privacy notice. */
export const fi = {
  'security.forbidden.contactDetails':
    'Yhteystiedot ja muutoshistoria näkyvät vain koordinaattorille ja yhdistysyhteyshenkilöille.',
  'tab.role.guest': 'Vieras',
  'security.rateLimited': 'Liian monta pyyntöä. Yritä uudelleen {seconds} sekunnin kuluttua.',
  'security.multipart': 'Tiedostoja ei voi lähettää lomakkeena. Lähetä CSV-tiedosto sellaisenaan.',
  'security.recurrence.never':
    'Toistosääntö ei osu yhteenkään päivään (esimerkiksi 30. helmikuuta). Tarkista sääntö.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'security.forbidden.contactDetails':
    'Contact details and the change history are shown to the coordinator and association contact persons only.',
  'tab.role.guest': 'Guest',
  'security.rateLimited': 'Too many requests. Try again in {seconds} seconds.',
  'security.multipart': 'Files cannot be sent as a form. Send the CSV file as it is.',
  'security.recurrence.never':
    'The recurrence rule never falls on any day (for example 30 February). Check the rule.',
} as const;
