/** What an empty list means and what to do about it. */
import { Body1, Button, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowUploadRegular, DismissRegular } from '@fluentui/react-icons';
import { useT } from '../i18n';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    justifyContent: 'center',
  },
});

interface Props {
  /** filtered: nothing matches the search; own: the user's units have none; none: the register is empty. */
  readonly kind: 'filtered' | 'own' | 'none';
  readonly units: string;
  readonly canCreate: boolean;
  readonly onClear: () => void;
  readonly onAdd: () => void;
  readonly onImport: (() => void) | undefined;
}

export function EmptyState({ kind, units, canCreate, onClear, onAdd, onImport }: Props) {
  const styles = useStyles();
  const { t } = useT();
  return (
    <section className={styles.box} data-testid="empty-state" aria-labelledby="empty-title">
      <Subtitle2 as="h2" id="empty-title">
        {kind === 'filtered'
          ? t('tab.empty.filteredTitle')
          : kind === 'own'
            ? t('tab.empty.ownTitle')
            : t('tab.empty.noneTitle')}
      </Subtitle2>
      <Body1>
        {kind === 'filtered'
          ? t('tab.empty.filteredHelp')
          : kind === 'own'
            ? t('tab.empty.ownHelp', { units })
            : canCreate
              ? t('tab.empty.noneHelp')
              : t('tab.empty.noneReader')}
      </Body1>
      <div className={styles.actions}>
        {kind === 'filtered' && (
          <Button icon={<DismissRegular />} onClick={onClear}>
            {t('tab.action.clearFilters')}
          </Button>
        )}
        {kind !== 'filtered' && canCreate && (
          <Button appearance="primary" icon={<AddRegular />} onClick={onAdd}>
            {t('tab.action.add')}
          </Button>
        )}
        {kind !== 'filtered' && onImport && (
          <Button icon={<ArrowUploadRegular />} onClick={onImport}>
            {t('tab.action.import')}
          </Button>
        )}
      </div>
    </section>
  );
}
