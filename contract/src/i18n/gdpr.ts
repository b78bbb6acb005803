/** A person's data in every table: export, erasure and retention. */
export const fi = {
  'people.query.oid':
    'Objektitunnus (object id) on muotoa 00000000-0000-0000-0000-000000000000. Tarkista se Entra ID:stä.',
  'people.query.name': 'Nimen pituus on 2–120 merkkiä.',
} as const;

export const en: Record<keyof typeof fi, string> = {
  'people.query.oid':
    'The object id has the form 00000000-0000-0000-0000-000000000000. Check it in Entra ID.',
  'people.query.name': 'A name is 2–120 characters long.',
};
