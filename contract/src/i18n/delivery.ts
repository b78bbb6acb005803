/** Scheduled delivery: the coordinator's view of posts, why one was not sent, reminder cards. */
export const fi = {
  'delivery.state.waiting': 'Odottaa',
  'delivery.state.sending': 'Lähetetään',
  'delivery.state.sent': 'Lähetetty',
  'delivery.state.failed': 'Epäonnistui',
  'delivery.state.skipped': 'Ohitettu',

  'delivery.kind.meetingReminder': 'Työryhmän kokouksen muistutus',
  'delivery.kind.eveningReminder': 'Yhdistysillan muistutus',
  'delivery.kind.monthly': 'Tässä kuussa yhteistyössä',
  'delivery.kind.annual': 'Vuosikello',

  'delivery.target.channel': 'Tiimin kanava',
  'delivery.target.personal': 'Henkilökohtainen viesti',

  'delivery.reason.stale':
    'Ei lähetetty, koska lähetysaika oli jo yli {hours} tuntia sitten (palvelu oli poissa käytöstä tai lähetykset olivat tauolla).',
  'delivery.reason.blocked': 'Vastaanottaja on estänyt botin viestit.',
  'delivery.reason.notInRoster':
    'Botti ei ole enää tässä keskustelussa. Viestit kulkevat taas, kun sovellus lisätään uudelleen.',
  'delivery.reason.botDisabled': 'Organisaation ylläpitäjä on poistanut botin käytöstä.',
  'delivery.reason.writesBlocked': 'Keskusteluun ei voi nyt kirjoittaa (estetty tai poistettu).',
  'delivery.reason.forbidden': 'Teams ei sallinut viestiä tähän keskusteluun.',
  'delivery.reason.conversationGone':
    'Keskustelua ei enää ole. Siihen ei lähetetä enää mitään ennen kuin sovellus lisätään uudelleen.',
  'delivery.reason.tooLarge': 'Viesti oli liian suuri Teamsille ({bytes} tavua).',
  'delivery.reason.badRequest': 'Teams hylkäsi viestin virheellisenä.',
  'delivery.reason.unauthorized': 'Botin tunnistautuminen Teamsiin epäonnistui.',
  'delivery.reason.throttled': 'Teams pyysi hidastamaan liian monta kertaa peräkkäin.',
  'delivery.reason.serviceError':
    'Teams-palvelu ei vastannut oikein, eikä uusintayrityksistä ollut apua.',
  'delivery.reason.network': 'Yhteys Teamsiin ei toiminut, eikä uusintayrityksistä ollut apua.',
  'delivery.reason.noChannel':
    'Tiimille ei ole valittu kanavaa tai botti ei ole tiimissä. Lisää sovellus tiimiin.',
  'delivery.reason.notInstalled': 'Henkilöllä ei ole sovellusta henkilökohtaisessa keskustelussa.',
  'delivery.reason.sourceGone': 'Tapahtuma on peruttu, poistettu tai siirretty.',
  'delivery.reason.renderFailed': 'Viestin muodostaminen epäonnistui.',
  'delivery.retrying': 'Yritetään uudelleen {time}.',

  'delivery.error.notCoordinator': 'Vain koordinaattori voi hallita ajastettuja viestejä.',
  'delivery.error.notFound': 'Ajastettua viestiä ei löytynyt.',
  'delivery.error.notRetryable':
    'Vain lähetetyn, epäonnistuneen tai ohitetun viestin voi lähettää uudelleen.',
  'delivery.error.changed': 'Viestin tila muuttui juuri. Päivitä näkymä ja yritä uudelleen.',
  'delivery.error.range':
    'Aikaväli on virheellinen: anna päivät muodossa VVVV-KK-PP, enintään 92 päivää.',
  'delivery.error.state': 'Tuntematon tila.',
  'delivery.error.paused': 'Kerro, keskeytetäänkö lähetykset (true) vai jatketaanko niitä (false).',

  'delivery.card.meetingTitle': 'Muistutus: {title}',
  'delivery.card.eveningTitle': 'Muistutus: {title}',
  'delivery.card.today': 'Tänään',
  'delivery.card.tomorrow': 'Huomenna',
  'delivery.card.inDays': '{days} päivän päästä',
  'delivery.card.when': 'Aika',
  'delivery.card.where': 'Paikka',
  'delivery.card.group': 'Työryhmä',
  'delivery.card.teams': 'Teams',
  'delivery.card.hybrid': 'Teams ja paikan päällä: {address}',
  'delivery.card.placeTbd': 'Tarkentuu myöhemmin',
  'delivery.card.join': 'Liity Teams-kokoukseen',
  'delivery.card.yourAnswerYes': 'Olet ilmoittautunut tulevaksi.',
  'delivery.card.yourAnswerMaybe': 'Vastasit ehkä tulevasi.',
  'delivery.card.monthTitle': 'Tässä kuussa yhteistyössä',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'delivery.state.waiting': 'Waiting',
  'delivery.state.sending': 'Sending',
  'delivery.state.sent': 'Sent',
  'delivery.state.failed': 'Failed',
  'delivery.state.skipped': 'Skipped',

  'delivery.kind.meetingReminder': 'Working-group meeting reminder',
  'delivery.kind.eveningReminder': 'Association evening reminder',
  'delivery.kind.monthly': 'This month in the cooperation',
  'delivery.kind.annual': 'Annual calendar',

  'delivery.target.channel': "Team's channel",
  'delivery.target.personal': 'Personal chat',

  'delivery.reason.stale':
    'Not sent: it was due more than {hours} hours ago (the service was down or posts were paused).',
  'delivery.reason.blocked': 'The recipient has blocked the bot.',
  'delivery.reason.notInRoster':
    'The bot is no longer in this conversation. Posts resume when the app is added again.',
  'delivery.reason.botDisabled': "The organisation's administrator has turned the bot off.",
  'delivery.reason.writesBlocked':
    'The conversation cannot be written to now (blocked or deleted).',
  'delivery.reason.forbidden': 'Teams did not allow the post in this conversation.',
  'delivery.reason.conversationGone':
    'The conversation no longer exists. Nothing more is sent to it until the app is added again.',
  'delivery.reason.tooLarge': 'The post was too large for Teams ({bytes} bytes).',
  'delivery.reason.badRequest': 'Teams refused the post as invalid.',
  'delivery.reason.unauthorized': "The bot's sign-in to Teams failed.",
  'delivery.reason.throttled': 'Teams asked to slow down too many times in a row.',
  'delivery.reason.serviceError': 'Teams did not answer properly, and retrying did not help.',
  'delivery.reason.network': 'The connection to Teams failed, and retrying did not help.',
  'delivery.reason.noChannel':
    'The team has no channel chosen or the bot is not in the team. Add the app to the team.',
  'delivery.reason.notInstalled': 'The person does not have the app in personal chat.',
  'delivery.reason.sourceGone': 'The event was cancelled, deleted or moved.',
  'delivery.reason.renderFailed': 'The post could not be put together.',
  'delivery.retrying': 'Trying again at {time}.',

  'delivery.error.notCoordinator': 'Only a coordinator can manage scheduled posts.',
  'delivery.error.notFound': 'The scheduled post was not found.',
  'delivery.error.notRetryable': 'Only a sent, failed or skipped post can be sent again.',
  'delivery.error.changed': "The post's state just changed. Refresh the view and try again.",
  'delivery.error.range': 'The period is not valid: give dates as YYYY-MM-DD, at most 92 days.',
  'delivery.error.state': 'Unknown state.',
  'delivery.error.paused': 'Say whether to pause posts (true) or resume them (false).',

  'delivery.card.meetingTitle': 'Reminder: {title}',
  'delivery.card.eveningTitle': 'Reminder: {title}',
  'delivery.card.today': 'Today',
  'delivery.card.tomorrow': 'Tomorrow',
  'delivery.card.inDays': 'In {days} days',
  'delivery.card.when': 'When',
  'delivery.card.where': 'Where',
  'delivery.card.group': 'Working group',
  'delivery.card.teams': 'Teams',
  'delivery.card.hybrid': 'Teams and on site: {address}',
  'delivery.card.placeTbd': 'To be announced',
  'delivery.card.join': 'Join the Teams meeting',
  'delivery.card.yourAnswerYes': 'You said you are coming.',
  'delivery.card.yourAnswerMaybe': 'You said you may come.',
  'delivery.card.monthTitle': 'This month in the cooperation',
};
