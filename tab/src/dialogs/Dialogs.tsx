/** Every dialog of the list, in one chunk that loads on first use (or on hover of a button). */
import type { Association, MeResponse, Unit } from '../api/model';
import type { RegisterApi } from '../api/register';
import { AssociationDialog } from './AssociationDialog';
import { ConflictDialog } from './ConflictDialog';
import { HistoryDialog } from './HistoryDialog';
import { ImportDialog } from './ImportDialog';
import { MailingDialog } from './MailingDialog';
import { RemoveDialog } from './RemoveDialog';
import type { DialogState } from './types';

export interface DialogsProps {
  readonly state: DialogState;
  readonly api: RegisterApi;
  readonly me: MeResponse;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly onClose: () => void;
  readonly onOpen: (state: DialogState) => void;
  readonly onSaved: (saved: Association, message: string) => void;
  readonly onRemoved: (id: string, message: string) => void;
  readonly onChanged: (current: Association) => void;
  readonly onImported: () => void;
}

export default function Dialogs(props: DialogsProps) {
  const { state } = props;
  switch (state.kind) {
    case 'edit':
      return (
        <AssociationDialog
          key={`${state.association?.id ?? 'new'}-${state.association?.etag ?? ''}`}
          state={state}
          api={props.api}
          me={props.me}
          units={props.units}
          categories={props.categories}
          onClose={props.onClose}
          onOpen={props.onOpen}
          onSaved={props.onSaved}
        />
      );
    case 'remove':
      return (
        <RemoveDialog
          association={state.association}
          api={props.api}
          onClose={props.onClose}
          onRemoved={props.onRemoved}
          onChanged={props.onChanged}
        />
      );
    case 'conflict':
      return (
        <ConflictDialog
          state={state}
          api={props.api}
          units={props.units}
          categories={props.categories}
          onClose={props.onClose}
          onOpen={props.onOpen}
          onSaved={props.onSaved}
          onRemoved={props.onRemoved}
        />
      );
    case 'history':
      return (
        <HistoryDialog
          association={state.association}
          api={props.api}
          units={props.units}
          categories={props.categories}
          onClose={props.onClose}
        />
      );
    case 'import':
      return <ImportDialog api={props.api} onClose={props.onClose} onImported={props.onImported} />;
    case 'mailing':
      return <MailingDialog text={state.text} count={state.count} onClose={props.onClose} />;
  }
}
