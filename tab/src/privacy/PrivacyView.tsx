/**
 * The privacy notice (tietosuojaseloste): what is stored, why, who sees it, for how long, and
 * how to ask for an export or erasure. Everyone signed in can read it, in Finnish and English.
 */
import { Body1, Title3, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { MessageKey } from '@yhdistysyhteistyo/contract/i18n';
import { useT } from '../i18n';

const useStyles = makeStyles({
  root: {
    maxWidth: '48rem',
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalM,
  },
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
});

const SECTIONS: readonly (readonly [MessageKey, MessageKey])[] = [
  ['privacy.what.title', 'privacy.what.text'],
  ['privacy.why.title', 'privacy.why.text'],
  ['privacy.who.title', 'privacy.who.text'],
  ['privacy.howLong.title', 'privacy.howLong.text'],
  ['privacy.rights.title', 'privacy.rights.text'],
];

export default function PrivacyView() {
  const styles = useStyles();
  const { t } = useT();
  return (
    <article className={styles.root} data-testid="privacy-notice" aria-labelledby="privacy-title">
      <Title3 as="h2" id="privacy-title">
        {t('privacy.title')}
      </Title3>
      <Body1 as="p">{t('privacy.intro')}</Body1>
      {SECTIONS.map(([title, text]) => (
        <section key={title} className={styles.section}>
          <Subtitle2 as="h3">{t(title)}</Subtitle2>
          <Body1 as="p">{t(text)}</Body1>
        </section>
      ))}
    </article>
  );
}
