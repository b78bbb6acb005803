/**
 * An Adaptive Card drawn in the tab from the JSON the bot itself builds (the preview routes run
 * the bot's card code): text blocks, containers, column sets, fact sets, images, actions and
 * the inputs of a survey card (choice sets and text), in Fluent's colours so it reads in light,
 * dark and high contrast. A preview is not answered: buttons and choices are shown disabled,
 * text inputs read-only, each with its label. An element it does not know is left out, never
 * thrown on. Text is shown as Teams shows it: a backslash-escaped character as itself.
 */
import {
  Button,
  Checkbox,
  Field,
  Radio,
  RadioGroup,
  Select,
  Textarea,
  Input,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

type Json = Readonly<Record<string, unknown>>;

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    overflowWrap: 'anywhere',
  },
  text: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300 },
  large: { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  medium: { fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  bold: { fontWeight: tokens.fontWeightSemibold },
  subtle: { color: tokens.colorNeutralForeground2 },
  container: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  separator: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
  columns: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  auto: { flexShrink: 0 },
  stretch: { flexGrow: 1, minWidth: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(auto, 160px) 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  factRow: { display: 'contents' },
  factTitle: { fontWeight: tokens.fontWeightSemibold },
  factValue: { margin: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  image: { maxWidth: '100%', height: 'auto' },
  choices: {
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
  },
  legend: {
    padding: 0,
    marginBottom: tokens.spacingVerticalXS,
    fontWeight: tokens.fontWeightSemibold,
  },
  label: { fontWeight: tokens.fontWeightSemibold },
  // The choices stay readable: only the control, not its text, looks unavailable.
  choice: { color: tokens.colorNeutralForeground1 },
  // Fluent greys a disabled radio's label from the input; this outranks that one rule.
  radio: { '& > input:disabled ~ .fui-Radio__label': { color: tokens.colorNeutralForeground1 } },
});

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): readonly Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : [];

/** As Teams shows it: `\*` is `*`. */
export function shownText(value: string): string {
  return value.replace(/\\([^\w\s])/g, '$1');
}

function Actions({ actions }: { readonly actions: readonly Json[] }) {
  const styles = useStyles();
  if (actions.length === 0) return null;
  return (
    <div className={styles.actions}>
      {actions.map((a, i) => (
        <Button key={i} size="small" disabled>
          {str(a.title)}
        </Button>
      ))}
    </div>
  );
}

/** A choice set as Teams draws it: expanded as radios or checkboxes, compact as a list box. */
function ChoiceSet({ element }: { readonly element: Json }) {
  const styles = useStyles();
  const label = shownText(str(element.label));
  const choices = list(element.choices).map((c) => ({
    title: shownText(str(c.title)),
    value: str(c.value),
  }));
  const separated = element.separator === true ? styles.separator : undefined;
  if (element.style !== 'expanded') {
    return (
      <Field label={{ children: label, className: styles.label }} className={separated}>
        <Select disabled defaultValue="">
          <option value="">{shownText(str(element.placeholder))}</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.title}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  if (element.isMultiSelect === true) {
    return (
      <fieldset className={mergeClasses(styles.choices, separated)}>
        <legend className={styles.legend}>{label}</legend>
        {choices.map((c) => (
          <Checkbox
            key={c.value}
            disabled
            label={{ children: c.title, className: styles.choice }}
          />
        ))}
      </fieldset>
    );
  }
  return (
    <Field label={{ children: label, className: styles.label }} className={separated}>
      <RadioGroup disabled>
        {choices.map((c) => (
          <Radio
            key={c.value}
            className={styles.radio}
            value={c.value}
            label={{ children: c.title, className: styles.choice }}
          />
        ))}
      </RadioGroup>
    </Field>
  );
}

function TextInput({ element }: { readonly element: Json }) {
  const styles = useStyles();
  const placeholder = shownText(str(element.placeholder));
  return (
    <Field
      label={{ children: shownText(str(element.label)), className: styles.label }}
      className={element.separator === true ? styles.separator : undefined}
    >
      {element.isMultiline === true ? (
        <Textarea readOnly placeholder={placeholder} resize="vertical" />
      ) : (
        <Input readOnly placeholder={placeholder} />
      )}
    </Field>
  );
}

function Element({ element }: { readonly element: Json }): ReactNode {
  const styles = useStyles();
  const separated = element.separator === true ? styles.separator : undefined;
  switch (element.type) {
    case 'TextBlock': {
      const size = str(element.size).toLowerCase();
      return (
        <p
          className={mergeClasses(
            styles.text,
            size === 'large' || size === 'extralarge' ? styles.large : undefined,
            size === 'medium' ? styles.medium : undefined,
            size === 'small' ? styles.small : undefined,
            element.weight === 'Bolder' ? styles.bold : undefined,
            element.isSubtle === true ? styles.subtle : undefined,
            separated,
          )}
        >
          {shownText(str(element.text))}
        </p>
      );
    }
    case 'Container':
      return (
        <div className={mergeClasses(styles.container, separated)}>
          {list(element.items).map((item, i) => (
            <Element key={i} element={item} />
          ))}
        </div>
      );
    case 'ColumnSet':
      return (
        <div className={mergeClasses(styles.columns, separated)}>
          {list(element.columns).map((column, i) => (
            <div key={i} className={column.width === 'auto' ? styles.auto : styles.stretch}>
              {list(column.items).map((item, j) => (
                <Element key={j} element={item} />
              ))}
            </div>
          ))}
        </div>
      );
    case 'FactSet':
      return (
        <dl className={mergeClasses(styles.facts, separated)}>
          {list(element.facts).map((fact, i) => (
            <div key={i} className={styles.factRow}>
              <dt className={styles.factTitle}>{shownText(str(fact.title))}</dt>
              <dd className={styles.factValue}>{shownText(str(fact.value))}</dd>
            </div>
          ))}
        </dl>
      );
    case 'Image':
      return <img className={styles.image} src={str(element.url)} alt={str(element.altText)} />;
    case 'ActionSet':
      return <Actions actions={list(element.actions)} />;
    case 'Input.ChoiceSet':
      return <ChoiceSet element={element} />;
    case 'Input.Text':
      return <TextInput element={element} />;
    default:
      // Something this preview does not draw: left out rather than guessed at.
      return null;
  }
}

export function CardPreview({
  card,
  label,
  testId = 'card-preview',
}: {
  readonly card: unknown;
  readonly label: string;
  readonly testId?: string;
}) {
  const styles = useStyles();
  const json = (card && typeof card === 'object' ? card : {}) as Json;
  return (
    <div className={styles.card} role="group" aria-label={label} data-testid={testId}>
      {list(json.body).map((element, i) => (
        <Element key={i} element={element} />
      ))}
      <Actions actions={list(json.actions)} />
    </div>
  );
}
