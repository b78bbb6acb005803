/** Search, filters, order and the list's actions. On a phone the filters fold behind a button. */
import {
  Button,
  Checkbox,
  Field,
  SearchBox,
  Select,
  ToggleButton,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowDownloadRegular,
  ArrowUploadRegular,
  FilterRegular,
  MailCopyRegular,
} from '@fluentui/react-icons';
import { useId, useState, type Ref } from 'react';
import type { Unit } from '../api/model';
import { activeFilterCount, type Filters, type SortOrder, type StatusFilter } from '../filter';
import { useT } from '../i18n';

const NARROW = '@media (max-width: 599px)';

const useStyles = makeStyles({
  bar: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  searchRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
  },
  search: { flexGrow: 1, minWidth: '200px', maxWidth: '420px', [NARROW]: { maxWidth: 'none' } },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    [NARROW]: { display: 'none' },
  },
  filtersOpen: {
    [NARROW]: {
      display: 'grid',
      gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
      width: '100%',
    },
  },
  filter: { minWidth: '150px', [NARROW]: { minWidth: 0 } },
  // A native select sizes itself to its longest option; on a phone it must take the column.
  select: { [NARROW]: { minWidth: 0, width: '100%' } },
  selectInner: { [NARROW]: { minWidth: 0, width: '100%', textOverflow: 'ellipsis' } },
  filterToggle: { display: 'none', [NARROW]: { display: 'inline-flex' } },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  iconOnNarrow: { [NARROW]: { minWidth: 'auto', paddingLeft: '7px', paddingRight: '7px' } },
  // Icon-only on a phone; the text stays for screen readers.
  label: {
    [NARROW]: {
      position: 'absolute',
      width: '1px',
      height: '1px',
      margin: '-1px',
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
    },
  },
});

interface Props {
  readonly filters: Filters;
  readonly onFilters: (next: Filters) => void;
  readonly units: readonly Unit[];
  readonly categories: readonly Unit[];
  readonly unitLabel: (unit: Unit) => string;
  readonly canCreate: boolean;
  readonly canImport: boolean;
  /** Export and the mailing list carry people's contact details: hidden from readers and guests. */
  readonly canSeeContacts?: boolean;
  readonly busy: { readonly exporting: boolean; readonly copying: boolean };
  readonly onAdd: () => void;
  readonly onImport: () => void;
  readonly onExport: () => void;
  readonly onCopyMailingList: () => void;
  /** Leave out of the mailing list the people who are in the team. */
  readonly notInTeam?: boolean;
  readonly onNotInTeam?: (value: boolean) => void;
  readonly onPrefetch: () => void;
  readonly searchRef?: Ref<HTMLInputElement>;
}

export function Toolbar(props: Props) {
  const styles = useStyles();
  const { t } = useT();
  const { filters, onFilters } = props;
  const [open, setOpen] = useState(false);
  const filtersId = useId();
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    onFilters({ ...filters, [key]: value });
  const count = activeFilterCount(filters);

  return (
    <div className={styles.bar}>
      <div className={styles.searchRow}>
        <Field label={t('tab.search.label')} className={styles.search}>
          <SearchBox
            ref={props.searchRef}
            value={filters.q}
            onChange={(_, data) => set('q', data.value)}
            placeholder={t('tab.search.placeholder')}
            data-testid="search"
          />
        </Field>
        <ToggleButton
          className={styles.filterToggle}
          checked={open}
          icon={<FilterRegular />}
          aria-expanded={open}
          aria-controls={filtersId}
          onClick={() => setOpen((v) => !v)}
        >
          {count > 0 ? t('tab.filters.toggleCount', { count }) : t('tab.filters.toggle')}
        </ToggleButton>
        <div id={filtersId} className={mergeClasses(styles.filters, open && styles.filtersOpen)}>
          <Field label={t('tab.filters.unit')} className={styles.filter}>
            <Select
              className={styles.select}
              select={{ className: styles.selectInner }}
              value={filters.unit}
              onChange={(_, data) => set('unit', data.value)}
            >
              <option value="">{t('tab.filters.allUnits')}</option>
              {props.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {props.unitLabel(u)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('tab.filters.category')} className={styles.filter}>
            <Select
              className={styles.select}
              select={{ className: styles.selectInner }}
              value={filters.category}
              onChange={(_, data) => set('category', data.value)}
            >
              <option value="">{t('tab.filters.allCategories')}</option>
              {props.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {props.unitLabel(c)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('tab.filters.status')} className={styles.filter}>
            <Select
              className={styles.select}
              select={{ className: styles.selectInner }}
              value={filters.status}
              onChange={(_, data) => set('status', data.value as StatusFilter)}
            >
              <option value="active">{t('tab.status.activeMany')}</option>
              <option value="inactive">{t('tab.status.inactiveMany')}</option>
              <option value="all">{t('tab.status.all')}</option>
            </Select>
          </Field>
          <Field label={t('tab.sort.label')} className={styles.filter}>
            <Select
              className={styles.select}
              select={{ className: styles.selectInner }}
              value={filters.sort}
              onChange={(_, data) => set('sort', data.value as SortOrder)}
            >
              <option value="name">{t('tab.sort.name')}</option>
              <option value="updated">{t('tab.sort.updated')}</option>
            </Select>
          </Field>
        </div>
      </div>
      <div className={styles.actions}>
        {props.canCreate && (
          <Button
            appearance="primary"
            icon={<AddRegular />}
            onClick={props.onAdd}
            onFocus={props.onPrefetch}
            onPointerEnter={props.onPrefetch}
          >
            {t('tab.action.add')}
          </Button>
        )}
        {props.canImport && (
          <Button
            className={styles.iconOnNarrow}
            icon={<ArrowUploadRegular />}
            onClick={props.onImport}
          >
            <span className={styles.label}>{t('tab.action.import')}</span>
          </Button>
        )}
        {props.canSeeContacts !== false && (
          <>
            <Button
              className={styles.iconOnNarrow}
              icon={<ArrowDownloadRegular />}
              onClick={props.onExport}
              disabledFocusable={props.busy.exporting}
            >
              <span className={styles.label}>{t('tab.action.export')}</span>
            </Button>
            <Button
              className={styles.iconOnNarrow}
              icon={<MailCopyRegular />}
              onClick={props.onCopyMailingList}
              disabledFocusable={props.busy.copying}
            >
              <span className={styles.label}>{t('tab.action.copyMailingList')}</span>
            </Button>
            {props.onNotInTeam && (
              <Checkbox
                label={t('mailing.notInTeam')}
                checked={props.notInTeam ?? false}
                onChange={(_, d) => props.onNotInTeam?.(d.checked === true)}
                data-testid="mailing-not-in-team"
              />
            )}
          </>
        )}
      </div>
    </div>
  );
}
