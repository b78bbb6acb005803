/**
 * Messages of the associations register API: validation of every field, CSV import, roles,
 * sign-in. Field messages have no parameters, so the tab can show them inline as they are.
 */
export const fi = {
  // Association fields
  'associations.validation.body': 'Lähetä yhdistyksen tiedot JSON-oliona.',
  'associations.validation.text': 'Kirjoita tähän tekstiä.',
  'associations.validation.noMarkup':
    'Merkit < ja > eivät ole sallittuja, eikä tekstissä saa olla ohjausmerkkejä.',
  'associations.validation.nameLength': 'Nimen pituus on 2–200 merkkiä.',
  'associations.validation.registerNumber':
    'Yhdistysrekisterinumero on numeroita ja pisteitä, esimerkiksi 123.456.',
  'associations.validation.businessId':
    'Y-tunnus on muotoa 1234567-8 ja sen tarkistusmerkin on täsmättävä.',
  'associations.validation.unitsRequired': 'Valitse vähintään yksi yksikkö.',
  'associations.validation.unitsTooMany': 'Valitse enintään 20 yksikköä.',
  'associations.validation.unknownUnit': 'Yksikköä ei löydy. Valitse yksikkö listalta.',
  'associations.validation.categoriesTooMany': 'Valitse enintään 20 luokkaa.',
  'associations.validation.unknownCategory': 'Luokkaa ei löydy. Valitse luokka listalta.',
  'associations.validation.workingGroups': 'Valitse enintään 20 työryhmää listalta.',
  'associations.validation.id': 'Tunniste on 1–80 merkkiä: pieniä kirjaimia, numeroita ja viivoja.',
  'associations.validation.contactsTooMany': 'Yhdistyksellä voi olla enintään 5 yhteyshenkilöä.',
  'associations.validation.contactName': 'Yhteyshenkilön nimen pituus on 2–120 merkkiä.',
  'associations.validation.contactRole': 'Tehtävänimike on enintään 100 merkkiä.',
  'associations.validation.email': 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
  'associations.validation.phone':
    'Kirjoita puhelinnumero muodossa 040 123 4567 tai +358 40 123 4567.',
  'associations.validation.language': 'Valitse kieli: suomi, englanti tai ruotsi.',
  'associations.validation.url': 'Kirjoita osoite, joka alkaa https://.',
  'associations.validation.profileUrl':
    'Profiililinkin on osoitettava päijäthämäläiset.fi-palveluun (https://).',
  'associations.validation.notesLength': 'Lisätiedot ovat enintään 2 000 merkkiä.',
  'associations.validation.boolean': 'Valitse kyllä tai ei.',
  'associations.validation.status': 'Valitse tila: aktiivinen tai ei aktiivinen.',
  'associations.validation.duplicateName':
    'Samassa yksikössä on jo tämän niminen yhdistys. Valitse toinen nimi.',
  // List query
  'associations.query.limit': 'Sivun koko on 1–1 000.',
  'associations.query.cursor': 'Sivutustunniste ei kelpaa. Hae lista alusta uudelleen.',
  'associations.query.q': 'Hakusana on enintään 100 merkkiä.',
  'associations.query.status': 'Tila on active, inactive tai all.',
  'associations.query.sort': 'Järjestys on name, -name, updatedAt tai -updatedAt.',
  'associations.query.flag': 'Arvo on true tai false.',
  'associations.query.email': 'Anna sähköpostiosoite muodossa nimi@esimerkki.fi.',
  // Requests
  'associations.error.ifMatch': 'Versiotunniste (If-Match) ei kelpaa. Hae tiedot uudelleen.',
  'associations.error.duplicateName':
    'Samassa yksikössä on jo tämän niminen yhdistys. Valitse toinen nimi.',
  'associations.error.inUse': 'Tätä ei voi poistaa, koska {count} yhdistystä käyttää sitä.',
  'associations.error.exists': 'Tällä tunnisteella on jo tietue.',
  'associations.error.authUnavailable':
    'Kirjautumispalvelu ei vastaa juuri nyt. Yritä hetken päästä uudelleen.',
  'associations.error.configCoordinator':
    'Tämä koordinaattori on nimetty palvelimen asetuksissa, eikä roolia voi muuttaa täällä.',
  // Roles
  'associations.forbidden.readOnly':
    'Sinulla on vain lukuoikeus. Pyydä koordinaattorilta yhteyshenkilön oikeudet.',
  'associations.forbidden.notYourUnit':
    'Voit muokata vain omien yksiköidesi yhdistyksiä ({units}).',
  'associations.forbidden.coordinatorOnly': 'Vain järjestökoordinaattori voi tehdä tämän.',
  'associations.forbidden.lastCoordinator':
    'Viimeistä koordinaattoria ei voi poistaa. Nimeä ensin toinen koordinaattori.',
  // CSV
  'associations.csv.tooLarge': 'CSV-tiedosto on liian suuri (enintään 2 Mt).',
  'associations.csv.tooManyRows': 'CSV-tiedostossa on liikaa rivejä (enintään 5 000).',
  'associations.csv.empty': 'CSV-tiedosto on tyhjä. Ensimmäisellä rivillä on oltava otsikot.',
  'associations.csv.unterminatedQuote':
    'Lainausmerkki jäi sulkematta. Tarkista rivi ja tallenna tiedosto uudelleen Excelistä.',
  'associations.csv.missingColumn': 'Otsikkoriviltä puuttuu pakollinen sarake: {column}.',
  'associations.csv.unknownColumn': 'Tuntematon sarake otsikkorivillä: {column}.',
  'associations.csv.duplicateColumn': 'Sarake on otsikkorivillä kahdesti: {column}.',
  'associations.csv.columnCount': 'Rivillä on eri määrä sarakkeita kuin otsikkorivillä.',
  'associations.csv.unknownId': 'Tunnisteella ei löydy yhdistystä.',
  'associations.csv.duplicateInFile': 'Sama yhdistys on tiedostossa useammin kuin kerran.',
  'associations.csv.invalid': 'Tiedostossa on virheellisiä rivejä. Mitään ei tallennettu.',
  'associations.csv.contentType': 'Lähetä CSV-tiedosto muodossa text/csv.',
  'associations.csv.failed':
    'Tuonti keskeytyi eikä mitään tallennettu. Yritä hetken päästä uudelleen.',
  // People and roles
  'associations.people.role': 'Valitse rooli: koordinaattori, yhteyshenkilö tai lukija.',
  'associations.people.unitsForContact': 'Yhteyshenkilöllä on oltava vähintään yksi yksikkö.',
  'associations.people.name': 'Nimen pituus on 1–120 merkkiä.',
  'associations.reference.name': 'Nimen pituus on 1–100 merkkiä.',
  // History (audit) field names
  'associations.audit.create': 'Lisäsi yhdistyksen',
  'associations.audit.update': 'Muokkasi tietoja',
  'associations.audit.delete': 'Poisti yhdistyksen',
  'associations.audit.import': 'Toi CSV-tiedostosta',
  'associations.audit.erasure': 'Henkilötietoja poistettiin pyynnöstä',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'associations.validation.body': "Send the association's data as a JSON object.",
  'associations.validation.text': 'Please enter text here.',
  'associations.validation.noMarkup':
    'The characters < and > are not allowed, nor are control characters.',
  'associations.validation.nameLength': 'The name is 2–200 characters long.',
  'associations.validation.registerNumber':
    'The association register number is digits and dots, for example 123.456.',
  'associations.validation.businessId':
    'The business ID has the form 1234567-8 and its check digit must match.',
  'associations.validation.unitsRequired': 'Choose at least one unit.',
  'associations.validation.unitsTooMany': 'Choose at most 20 units.',
  'associations.validation.unknownUnit': 'Unknown unit. Choose a unit from the list.',
  'associations.validation.categoriesTooMany': 'Choose at most 20 categories.',
  'associations.validation.unknownCategory': 'Unknown category. Choose a category from the list.',
  'associations.validation.workingGroups': 'Choose at most 20 working groups from the list.',
  'associations.validation.id': 'An id is 1–80 characters: lower-case letters, digits and dashes.',
  'associations.validation.contactsTooMany': 'An association can have at most 5 contact people.',
  'associations.validation.contactName': "The contact person's name is 2–120 characters long.",
  'associations.validation.contactRole': 'The role is at most 100 characters long.',
  'associations.validation.email': 'Enter an e-mail address like name@example.com.',
  'associations.validation.phone': 'Enter a phone number like 040 123 4567 or +358 40 123 4567.',
  'associations.validation.language': 'Choose a language: Finnish, English or Swedish.',
  'associations.validation.url': 'Enter an address that starts with https://.',
  'associations.validation.profileUrl':
    'The profile link must point to päijäthämäläiset.fi (https://).',
  'associations.validation.notesLength': 'Notes are at most 2,000 characters long.',
  'associations.validation.boolean': 'Choose yes or no.',
  'associations.validation.status': 'Choose a status: active or inactive.',
  'associations.validation.duplicateName':
    'An association with this name already exists in the same unit. Choose another name.',
  'associations.query.limit': 'The page size is 1–1,000.',
  'associations.query.cursor': 'The paging token is not valid. Load the list from the start.',
  'associations.query.q': 'The search text is at most 100 characters long.',
  'associations.query.status': 'The status is active, inactive or all.',
  'associations.query.sort': 'The order is name, -name, updatedAt or -updatedAt.',
  'associations.query.flag': 'The value is true or false.',
  'associations.query.email': 'Give an e-mail address like name@example.com.',
  'associations.error.ifMatch': 'The version tag (If-Match) is not valid. Load the data again.',
  'associations.error.duplicateName':
    'An association with this name already exists in the same unit. Choose another name.',
  'associations.error.inUse': 'This cannot be removed: {count} associations use it.',
  'associations.error.exists': 'A record with this id already exists.',
  'associations.error.authUnavailable':
    'The sign-in service is not answering right now. Please try again soon.',
  'associations.error.configCoordinator':
    "This coordinator is named in the server's settings; the role cannot be changed here.",
  'associations.forbidden.readOnly':
    'You have read access only. Ask the coordinator for contact person rights.',
  'associations.forbidden.notYourUnit':
    'You can edit only the associations of your own units ({units}).',
  'associations.forbidden.coordinatorOnly': 'Only the NGO coordinator can do this.',
  'associations.forbidden.lastCoordinator':
    'The last coordinator cannot be removed. Name another coordinator first.',
  'associations.csv.tooLarge': 'The CSV file is too large (at most 2 MB).',
  'associations.csv.tooManyRows': 'The CSV file has too many rows (at most 5,000).',
  'associations.csv.empty': 'The CSV file is empty. The first row must hold the column headers.',
  'associations.csv.unterminatedQuote':
    'A quotation mark is not closed. Check the row and save the file again from Excel.',
  'associations.csv.missingColumn': 'A required column is missing from the header row: {column}.',
  'associations.csv.unknownColumn': 'Unknown column in the header row: {column}.',
  'associations.csv.duplicateColumn': 'A column appears twice in the header row: {column}.',
  'associations.csv.columnCount': 'The row has a different number of columns than the header.',
  'associations.csv.unknownId': 'No association has this id.',
  'associations.csv.duplicateInFile': 'The same association appears in the file more than once.',
  'associations.csv.invalid': 'The file has invalid rows. Nothing was saved.',
  'associations.csv.contentType': 'Send the CSV file as text/csv.',
  'associations.csv.failed': 'The import stopped and nothing was saved. Please try again soon.',
  'associations.people.role': 'Choose a role: coordinator, contact person or reader.',
  'associations.people.unitsForContact': 'A contact person needs at least one unit.',
  'associations.people.name': 'The name is 1–120 characters long.',
  'associations.reference.name': 'The name is 1–100 characters long.',
  'associations.audit.create': 'Added the association',
  'associations.audit.update': 'Edited the details',
  'associations.audit.delete': 'Removed the association',
  'associations.audit.import': 'Imported from a CSV file',
  'associations.audit.erasure': 'Personal data was erased on request',
};
