/**
 * The associations list, virtualized: only the rows in view (and a few more) are rendered, so
 * 2,000 associations cost what 20 do. A table on wide screens; on a phone each row becomes a
 * card that fits 360 px.
 */
import {
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, EditRegular, HistoryRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type ReactElement } from 'react';
import type { Association } from '../api/model';
import { formatDate } from '../format';
import { useT } from '../i18n';

export interface RowActions {
  readonly open: (association: Association) => void;
  readonly edit: (association: Association) => void;
  /** Absent when the user may not see the history (readers and guests). */
  readonly history?: (association: Association) => void;
  readonly remove: (association: Association) => void;
  readonly prefetch: () => void;
}

interface Props {
  readonly items: readonly Association[];
  readonly unitName: (id: string) => string;
  readonly categoryName: (id: string) => string;
  readonly canEdit: (association: Association) => boolean;
  readonly actions: RowActions;
}

const NARROW = '@media (max-width: 599px)';

const useStyles = makeStyles({
  table: {
    flexGrow: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    ...shorthands.border(tokens.strokeWidthThin, 'solid', tokens.colorTransparentStroke),
    overflow: 'hidden',
  },
  scroller: { flexGrow: 1, minHeight: 0, overflowY: 'auto', overscrollBehavior: 'contain' },
  row: {
    display: 'grid',
    gridTemplateColumns:
      'minmax(180px, 2.2fr) minmax(100px, 1.2fr) minmax(100px, 1.2fr) minmax(110px, 1.2fr) 96px 108px',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    padding: `0 ${tokens.spacingHorizontalM}`,
    minHeight: '48px',
    boxSizing: 'border-box',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    [NARROW]: {
      gridTemplateColumns: 'minmax(0, 1fr) auto',
      gridTemplateAreas: '"name actions" "units units" "contact contact"',
      rowGap: tokens.spacingVerticalXXS,
      padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    },
  },
  bodyRow: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  head: {
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    [NARROW]: { display: 'none' },
  },
  cell: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase300,
    color: tokens.colorNeutralForeground1,
  },
  secondary: {
    color: tokens.colorNeutralForeground2,
    [NARROW]: { fontSize: tokens.fontSizeBase200 },
  },
  nameCell: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
    [NARROW]: { gridArea: 'name' },
  },
  nameButton: {
    minWidth: 0,
    maxWidth: '100%',
    padding: `${tokens.spacingVerticalXXS} 0`,
    border: 'none',
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: 'transparent',
    cursor: 'pointer',
    textAlign: 'start',
    fontFamily: 'inherit',
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForegroundLink,
    ':hover': { textDecorationLine: 'underline', color: tokens.colorBrandForegroundLinkHover },
    ':active': { color: tokens.colorBrandForegroundLinkPressed },
    ...createFocusOutlineStyle(),
  },
  iconButton: {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    width: '32px',
    height: '32px',
    padding: 0,
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorSubtleBackground,
    color: tokens.colorNeutralForeground2,
    cursor: 'pointer',
    fontSize: '20px',
    ':hover': {
      backgroundColor: tokens.colorSubtleBackgroundHover,
      color: tokens.colorNeutralForeground2Hover,
    },
    ':active': {
      backgroundColor: tokens.colorSubtleBackgroundPressed,
      color: tokens.colorNeutralForeground2Pressed,
    },
    ...createFocusOutlineStyle(),
    '@media (forced-colors: active)': {
      color: 'ButtonText',
      ':hover': { ...shorthands.borderColor('Highlight'), color: 'Highlight' },
    },
  },
  inactive: {
    flexShrink: 0,
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase100,
    padding: `1px ${tokens.spacingHorizontalXS}`,
    borderRadius: tokens.borderRadiusSmall,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
  },
  nameText: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    // A phone has room below, not beside: long names wrap there.
    [NARROW]: { whiteSpace: 'normal', textAlign: 'start' },
  },
  // On a phone the units and the contact person go on lines of their own below the name.
  unitsCell: { [NARROW]: { gridArea: 'units' } },
  categoriesCell: { [NARROW]: { display: 'none' } },
  contactCell: { [NARROW]: { gridArea: 'contact', fontSize: tokens.fontSizeBase200 } },
  updatedCell: { [NARROW]: { display: 'none' } },
  actionsCell: { display: 'flex', justifyContent: 'flex-end', [NARROW]: { gridArea: 'actions' } },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

export function AssociationList({ items, unitName, categoryName, canEdit, actions }: Props) {
  const styles = useStyles();
  const { t } = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const narrow = typeof window !== 'undefined' && window.matchMedia(NARROW.slice(7)).matches;
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (narrow ? 92 : 49),
    overscan: 8,
    getItemKey: (index) => items[index]?.id ?? index,
  });

  return (
    <div
      role="table"
      aria-label={t('tab.list.label')}
      aria-rowcount={items.length + 1}
      className={styles.table}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={mergeClasses(styles.row, styles.head)}>
          <span role="columnheader" className={styles.cell}>
            {t('tab.column.name')}
          </span>
          <span role="columnheader" className={styles.cell}>
            {t('tab.column.units')}
          </span>
          <span role="columnheader" className={styles.cell}>
            {t('tab.column.categories')}
          </span>
          <span role="columnheader" className={styles.cell}>
            {t('tab.column.contact')}
          </span>
          <span role="columnheader" className={styles.cell}>
            {t('tab.column.updated')}
          </span>
          <span role="columnheader" className={styles.cell}>
            <span className={styles.visuallyHidden}>{t('tab.column.actions')}</span>
          </span>
        </div>
      </div>
      <div ref={scrollRef} className={styles.scroller} data-testid="list-scroller">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((virtual) => {
            const association = items[virtual.index];
            if (!association) return null;
            return (
              <Row
                key={virtual.key}
                index={virtual.index}
                start={virtual.start}
                measure={virtualizer.measureElement}
                association={association}
                units={association.units.map(unitName).join(', ')}
                categories={association.categories.map(categoryName).join(', ')}
                editable={canEdit(association)}
                actions={actions}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  readonly index: number;
  readonly start: number;
  readonly measure: (element: HTMLElement | null) => void;
  readonly association: Association;
  readonly units: string;
  readonly categories: string;
  readonly editable: boolean;
  readonly actions: RowActions;
}

const Row = memo(function Row({
  index,
  start,
  measure,
  association: a,
  units,
  categories,
  editable,
  actions,
}: RowProps) {
  const styles = useStyles();
  const { t } = useT();
  const first = a.contacts[0];
  const contact = first
    ? a.contacts.length > 1
      ? t('tab.list.contactMore', { name: first.name, count: a.contacts.length - 1 })
      : first.name
    : '—';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-index={index}
      ref={measure}
      className={mergeClasses(styles.row, styles.bodyRow)}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="association-row"
    >
      <div role="cell" className={styles.nameCell}>
        {/* Native buttons: a row is rendered on every keystroke, Fluent's Button costs more. */}
        <button
          type="button"
          className={styles.nameButton}
          onClick={() => (editable ? actions.edit(a) : actions.open(a))}
          onFocus={actions.prefetch}
          onPointerEnter={actions.prefetch}
        >
          <span className={styles.nameText}>{a.name}</span>
        </button>
        {a.status === 'inactive' && (
          <span className={styles.inactive}>{t('tab.status.inactive')}</span>
        )}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.secondary, styles.unitsCell)}>
        {units}
      </div>
      <div
        role="cell"
        className={mergeClasses(styles.cell, styles.secondary, styles.categoriesCell)}
      >
        {categories || '—'}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.contactCell)}>
        {contact}
      </div>
      <div role="cell" className={mergeClasses(styles.cell, styles.secondary, styles.updatedCell)}>
        {formatDate(a.updatedAt)}
      </div>
      <div role="cell" className={styles.actionsCell}>
        {editable && (
          <IconButton
            icon={<EditRegular />}
            label={t('tab.list.editNamed', { name: a.name })}
            title={t('tab.action.edit')}
            onClick={() => actions.edit(a)}
            onFocus={actions.prefetch}
          />
        )}
        {actions.history && (
          <IconButton
            icon={<HistoryRegular />}
            label={t('tab.list.historyNamed', { name: a.name })}
            title={t('tab.action.history')}
            onClick={() => actions.history?.(a)}
            onFocus={actions.prefetch}
          />
        )}
        {editable && (
          <IconButton
            icon={<DeleteRegular />}
            label={t('tab.list.removeNamed', { name: a.name })}
            title={t('tab.action.remove')}
            onClick={() => actions.remove(a)}
            onFocus={actions.prefetch}
          />
        )}
      </div>
    </div>
  );
});

function IconButton(props: {
  icon: ReactElement;
  label: string;
  title: string;
  onClick: () => void;
  onFocus: () => void;
}) {
  const styles = useStyles();
  return (
    <button
      type="button"
      className={styles.iconButton}
      aria-label={props.label}
      title={props.title}
      onClick={props.onClick}
      onFocus={props.onFocus}
    >
      {props.icon}
    </button>
  );
}
