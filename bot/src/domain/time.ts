/** All times are shown and scheduled in Helsinki; instants are stored as UTC ISO strings. */
export const HELSINKI = 'Europe/Helsinki';
