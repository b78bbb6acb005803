/** Who sees what, guests, limits and the privacy notice. */
export const fi = {
  'security.forbidden.contactDetails':
    'Yhteystiedot ja muutoshistoria näkyvät vain koordinaattorille ja yhdistysyhteyshenkilöille.',
  'tab.role.guest': 'Vieras',
  'security.rateLimited': 'Liian monta pyyntöä. Yritä uudelleen {seconds} sekunnin kuluttua.',
  'security.multipart': 'Tiedostoja ei voi lähettää lomakkeena. Lähetä CSV-tiedosto sellaisenaan.',
  'security.recurrence.never':
    'Toistosääntö ei osu yhteenkään päivään (esimerkiksi 30. helmikuuta). Tarkista sääntö.',
  'tab.views.privacy': 'Tietosuoja',
  'privacy.title': 'Tietosuojaseloste',
  'privacy.intro':
    'Tämä sovellus on kaupungin ja yhdistysten yhteistyön työkalu Microsoft Teamsissa. Kaupunki on rekisterinpitäjä.',
  'privacy.what.title': 'Mitä tietoja tallennetaan',
  'privacy.what.text':
    'Yhdistysten yhteyshenkilöiden nimet, roolit, sähköpostiosoitteet ja puhelinnumerot; kaupungin työntekijöiden roolit (koordinaattori, yhteyshenkilö); ilmoittautumiset yhdistysiltoihin (nimi, yhdistys, sisältötoive); työryhmien jäsenet ja yhteyshenkilöt; muutoshistoria (kuka muutti mitä ja milloin).',
  'privacy.why.title': 'Miksi',
  'privacy.why.text':
    'Kaupungin yhdistysyhteistyön hoitamiseksi: yhteydenpito yhdistyksiin, yhdistysiltojen ja työryhmien järjestäminen sekä vuosikello. Käsittelyn peruste on kaupungin yleisen edun mukainen tehtävä.',
  'privacy.who.title': 'Kuka tiedot näkee',
  'privacy.who.text':
    'Yhteystiedot ja muutoshistorian näkevät vain järjestökoordinaattori ja kaupungin yhdistysyhteyshenkilöt. Muut kaupungin työntekijät näkevät yhdistysten julkiset tiedot. Vierailijat näkevät julkiset tiedot ja kokonaan vain ne yhdistykset, joiden yhteyshenkilöitä he itse ovat.',
  'privacy.howLong.title': 'Kuinka kauan',
  'privacy.howLong.text':
    'Yhteystiedot säilytetään niin kauan kuin yhdistys on rekisterissä tai kunnes henkilö pyytää niiden poistamista. Ilmoittautumisista poistetaan nimi, yhdistys ja sisältötoive 90 päivän kuluttua illasta (määrä jää); muutoshistorian merkinnät poistetaan viiden vuoden kuluttua. Tiedot säilytetään Azuren tallennustilassa EU:ssa, eikä niitä luovuteta muille.',
  'privacy.rights.title': 'Oikeutesi',
  'privacy.rights.text':
    'Voit pyytää nähtäväksesi kaikki sinusta tallennetut tiedot tai niiden poistamista. Ota yhteyttä järjestökoordinaattoriin: hän voi viedä tietosi tiedostoon tai poistaa ne sovelluksen Hallinta-näkymästä. Voit myös tehdä valituksen tietosuojavaltuutetulle.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'security.forbidden.contactDetails':
    'Contact details and the change history are shown to the coordinator and association contact persons only.',
  'tab.role.guest': 'Guest',
  'security.rateLimited': 'Too many requests. Try again in {seconds} seconds.',
  'security.multipart': 'Files cannot be sent as a form. Send the CSV file as it is.',
  'security.recurrence.never':
    'The recurrence rule never falls on any day (for example 30 February). Check the rule.',
  'tab.views.privacy': 'Privacy',
  'privacy.title': 'Privacy notice',
  'privacy.intro':
    "This app is the city's tool for cooperation with associations in Microsoft Teams. The city is the controller.",
  'privacy.what.title': 'What is stored',
  'privacy.what.text':
    "Names, roles, e-mail addresses and phone numbers of associations' contact persons; the roles of city staff (coordinator, contact person); sign-ups for association evenings (name, association, content wish); working-group members and contacts; the change history (who changed what and when).",
  'privacy.why.title': 'Why',
  'privacy.why.text':
    "To run the city's cooperation with associations: keeping in touch, organising association evenings and working groups, and the annual calendar. The legal basis is a task carried out in the public interest.",
  'privacy.who.title': 'Who sees it',
  'privacy.who.text':
    "Contact details and the change history are seen only by the NGO coordinator and the city's association contact persons. Other city staff see the associations' public details. Guests see the public details, and in full only the associations that list them as a contact person.",
  'privacy.howLong.title': 'How long',
  'privacy.howLong.text':
    'Contact details are kept as long as the association is in the register or until the person asks for their removal. The name, association and content wish of an evening’s answers are removed 90 days after the evening (the count stays); entries of the change history are removed after five years. The data is kept in Azure storage in the EU and is not handed to anyone else.',
  'privacy.rights.title': 'Your rights',
  'privacy.rights.text':
    'You may ask to see all data stored about you, or to have it erased. Contact the NGO coordinator: they can export your data to a file or erase it in the Administration view. You may also lodge a complaint with the Data Protection Ombudsman.',
} as const;
