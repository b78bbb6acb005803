import type { Association, AssociationData } from '../api/model';

/** Which dialog is open; the dialogs themselves load on first use. */
export type DialogState =
  | {
      readonly kind: 'edit';
      /** Absent when adding. */
      readonly association?: Association;
      readonly readOnly: boolean;
      /** The user's unsaved values to start from (back from the conflict dialog). */
      readonly draft?: AssociationData;
    }
  | { readonly kind: 'history'; readonly association: Association }
  | { readonly kind: 'remove'; readonly association: Association }
  | {
      readonly kind: 'conflict';
      /** The version the user started editing from. */
      readonly base: Association;
      readonly mine: AssociationData;
      /** What is stored now; null when someone removed it. */
      readonly theirs: Association | null;
    }
  | { readonly kind: 'import' }
  | { readonly kind: 'mailing'; readonly text: string; readonly count: number };
