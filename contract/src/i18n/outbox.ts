/** Every post through the outbox: the invitation's rows in the scheduled posts view. */
export const fi = {
  'delivery.kind.invitation': 'Yhdistysillan kutsu',
  'delivery.kind.invitationUpdate': 'Kutsun päivitys (vastaukset, muutos tai peruminen)',
  'delivery.kind.invitationNotice': 'Ilmoitus kutsun ketjussa',
  'delivery.reason.notPostedYet': 'Odottaa, että kutsu on ensin lähetetty kanavaan.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'delivery.kind.invitation': 'Association evening invitation',
  'delivery.kind.invitationUpdate': 'Invitation update (answers, a change or cancelling)',
  'delivery.kind.invitationNotice': "Notice in the invitation's thread",
  'delivery.reason.notPostedYet': 'Waiting for the invitation to be posted in the channel first.',
};
