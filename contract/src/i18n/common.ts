/** Messages shared by every part of the app: errors, states, generic words. */
export const fi = {
  'error.internal': 'Jokin meni vikaan. Yritä hetken päästä uudelleen. Viite: {ref}',
  'error.notFound': 'Pyydettyä kohdetta ei löytynyt.',
  'error.badJson': 'Pyynnön sisältö ei ole kelvollista JSONia.',
  'error.tooLarge': 'Pyyntö on liian suuri (enintään {limit}).',
  'error.validation': 'Tarkista korostetut kentät.',
  'error.unauthorized': 'Kirjaudu sisään uudelleen: tunnistetta ei hyväksytty.',
  'error.forbidden': 'Sinulla ei ole oikeutta tähän toimintoon.',
  'error.conflict': 'Joku muu ehti tallentaa muutoksen ensin. Tarkista uusin versio.',
  'error.preconditionRequired': 'Pyynnöstä puuttuu versiotunniste (If-Match).',
  'error.storageUnavailable':
    'Tallennuspalvelu ei vastaa juuri nyt. Yritä hetken päästä uudelleen.',
  'error.unsupportedMediaType': 'Lähetä sisältö muodossa application/json.',
  'error.corruptRecord':
    'Tallennettu tieto on vioittunut, joten sitä ei voi näyttää eikä muuttaa. Kerro ylläpidolle viite: {ref}',
  'app.name': 'Yhdistysyhteistyö',
  'app.tagline': 'Kaupungin ja yhdistysten yhteistyö Teamsissa',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'error.internal': 'Something went wrong. Please try again in a moment. Reference: {ref}',
  'error.notFound': 'The requested item was not found.',
  'error.badJson': 'The request body is not valid JSON.',
  'error.tooLarge': 'The request is too large (at most {limit}).',
  'error.validation': 'Please check the highlighted fields.',
  'error.unauthorized': 'Please sign in again: the token was not accepted.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.conflict': 'Someone else saved a change first. Please check the latest version.',
  'error.preconditionRequired': 'The request has no version tag (If-Match).',
  'error.storageUnavailable':
    'The storage service is not answering right now. Please try again soon.',
  'error.unsupportedMediaType': 'Please send the content as application/json.',
  'error.corruptRecord':
    'The stored data is damaged, so it cannot be shown or changed. Please tell support the reference: {ref}',
  'app.name': 'Association cooperation',
  'app.tagline': "The city's cooperation with associations in Teams",
};
