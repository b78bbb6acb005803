/** How the signed-in tab gets its bearer token. */
export type Session =
  | { readonly kind: 'teams'; getToken(): Promise<string> }
  | {
      readonly kind: 'dev';
      readonly upn: string;
      getToken(): Promise<string>;
      readonly signOut: () => void;
    };
