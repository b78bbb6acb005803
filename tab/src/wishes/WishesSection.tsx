/**
 * The content wishes of an evening for its planning meeting: topics grouped and counted, with
 * the associations that wished them, and a CSV export.
 */
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import type { Rsvp } from '@yhdistysyhteistyo/contract/events/rsvp';
import { groupWishes, wishesCsv } from '@yhdistysyhteistyo/contract/events/wishes';
import { saveBlob } from '../events/api';
import { useT } from '../i18n';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  tableWrap: { overflowX: 'auto' },
  wish: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  bar: { display: 'flex' },
});

export function WishesSection({ answers }: { readonly answers: readonly Rsvp[] }) {
  const styles = useStyles();
  const { t } = useT();
  const groups = useMemo(() => groupWishes(answers), [answers]);
  const exportCsv = () => {
    const csv = wishesCsv(groups, [
      t('wishes.col.topic'),
      t('wishes.col.count'),
      t('wishes.col.associations'),
    ]);
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${t('wishes.csvName')}.csv`);
  };
  return (
    <section className={styles.section} aria-labelledby="wishes-title" data-testid="wishes">
      <h3 id="wishes-title" className={styles.heading}>
        {t('wishes.title', { n: groups.length })}
      </h3>
      {groups.length === 0 ? (
        <Text>{t('wishes.none')}</Text>
      ) : (
        <>
          <div className={styles.tableWrap}>
            <Table aria-labelledby="wishes-title" data-testid="wishes-table" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('wishes.col.topic')}</TableHeaderCell>
                  <TableHeaderCell>{t('wishes.col.count')}</TableHeaderCell>
                  <TableHeaderCell>{t('wishes.col.associations')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {groups.map((g) => (
                  <TableRow key={g.text} data-testid="wish-row">
                    <TableCell className={styles.wish}>{g.text}</TableCell>
                    <TableCell>{g.count}</TableCell>
                    <TableCell>{g.associations.join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={styles.bar}>
            <Button icon={<ArrowDownloadRegular />} onClick={exportCsv} data-testid="wishes-csv">
              {t('wishes.export')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
