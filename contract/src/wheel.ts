/**
 * The annual wheel (vuosikello) as SVG: twelve months round a circle, January at the top and
 * clockwise, the year's entries as marks in one ring per category. Categories differ by colour
 * and by shape, so the picture does not rely on colour alone (WCAG 1.4.1). Each theme has its
 * own palette whose marks meet 3:1 and whose text meets 4.5:1 against that theme's background.
 * Pure string building: the tab shows the SVG inline, the server renders the same SVG to PNG.
 */
import { t } from './i18n';
import { entryWhen, type AnnualCalendar, type CalendarEntry } from './calendar';
import { localized, type CalendarCategory, type Colour } from './events/model';
import { daysInYear, helsinkiParts, monthName, yearBounds, type Locale } from './time';

export const THEMES = ['light', 'dark', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];

export interface Palette {
  readonly background: string;
  readonly text: string;
  /** Month band behind the month names. */
  readonly band: string;
  readonly bandAlt: string;
  /** Lane circles and month dividers: decoration, not information. */
  readonly grid: string;
  readonly colours: Readonly<Record<Colour, string>>;
}

/** Light is Teams' white; dark is Teams' #1f1f1f; contrast is black with bright marks. */
export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    background: '#ffffff',
    text: '#242424',
    band: '#f5f5f5',
    bandAlt: '#e6e6e6',
    grid: '#d1d1d1',
    colours: {
      blue: '#0f6cbd',
      green: '#107c10',
      orange: '#b84700',
      purple: '#7030a0',
      red: '#c50f1f',
      teal: '#00747a',
      magenta: '#a8128f',
      brown: '#8a5530',
    },
  },
  dark: {
    background: '#1f1f1f',
    text: '#ffffff',
    band: '#2b2b2b',
    bandAlt: '#383838',
    grid: '#4d4d4d',
    colours: {
      blue: '#62abf5',
      green: '#5fba5f',
      orange: '#f7894a',
      purple: '#b99aef',
      red: '#f47f88',
      teal: '#3fc1c6',
      magenta: '#ee6fc4',
      brown: '#d9a47c',
    },
  },
  contrast: {
    background: '#000000',
    text: '#ffffff',
    band: '#000000',
    bandAlt: '#141414',
    grid: '#8f8f8f',
    colours: {
      blue: '#1aebff',
      green: '#3ff23f',
      orange: '#ffb454',
      purple: '#d6b8ff',
      red: '#ff8080',
      teal: '#7fffd4',
      magenta: '#ff8cf0',
      brown: '#f0d2a8',
    },
  },
};

export type Shape =
  'circle' | 'square' | 'diamond' | 'triangle' | 'hexagon' | 'triangleDown' | 'plus';

export const CATEGORY_SHAPES: Readonly<Record<CalendarCategory, Shape>> = {
  evening: 'circle',
  meeting: 'square',
  grant: 'diamond',
  survey: 'triangle',
  steering: 'hexagon',
  network: 'triangleDown',
  other: 'plus',
};

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h ?? '0', 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1…21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface TextAlternative {
  readonly summary: string;
  readonly months: readonly {
    readonly month: number;
    readonly name: string;
    readonly lines: readonly string[];
  }[];
}

/** What the picture shows, in words, month by month: the wheel's text alternative. */
export function wheelTextAlternative(calendar: AnnualCalendar, locale: Locale): TextAlternative {
  const shown = visible(calendar.entries);
  const summary = t(locale, 'events.wheel.summary', { year: calendar.year, count: shown.length });
  const months = calendar.months.map((m) => {
    const name = capitalize(monthName(m.month, locale));
    const lines = visible(m.entries).map(
      (e) =>
        `${entryWhen(e, locale)} ${localized(e.title, locale)} (${t(locale, `events.category.${e.category}`)})`,
    );
    return { month: m.month, name, lines };
  });
  return { summary, months };
}

/** The text alternative as one plain text, for `<desc>` and alt texts. */
export function textAlternativeText(alt: TextAlternative, locale: Locale): string {
  const months = alt.months.map((m) =>
    m.lines.length === 0
      ? t(locale, 'events.wheel.monthNone', { month: m.name })
      : `${m.name}: ${m.lines.join('; ')}.`,
  );
  return [alt.summary, ...months].join('\n');
}

export interface WheelOptions {
  readonly theme: Theme;
  readonly locale: Locale;
  /** Prefix for element ids, so two wheels on one page do not clash. */
  readonly idPrefix?: string;
  /** Font families for the text; the PNG renderer passes the fonts it has. */
  readonly fontFamily?: string;
  /**
   * `full` puts the whole text alternative in `<desc>`; `summary` only its first sentence, for
   * a page that shows the month list beside the picture (no double reading).
   */
  readonly description?: 'full' | 'summary';
}

export const WHEEL_SIZE = 1024;
const C = WHEEL_SIZE / 2;
const BAND_INNER = 420;
const BAND_OUTER = 505;
const LANES_OUTER = 405;
const LANES_INNER = 195;
const CENTRE = 185;
const MARK = 13;

/** The wheel as a complete SVG document (a string), sized 1024 × 1024. */
export function wheelSvg(calendar: AnnualCalendar, options: WheelOptions): string {
  const palette = PALETTES[options.theme];
  const { locale } = options;
  const id = options.idPrefix ?? 'vuosikello';
  const font = options.fontFamily ?? 'Segoe UI, DejaVu Sans, Arial, sans-serif';
  const title = t(locale, 'events.wheel.title', { year: calendar.year });
  const alt = wheelTextAlternative(calendar, locale);
  const desc = options.description === 'summary' ? alt.summary : textAlternativeText(alt, locale);
  const year = calendar.year;
  const days = daysInYear(year);
  const yearStart = Date.parse(yearBounds(year).from);
  const yearEnd = Date.parse(yearBounds(year).to);

  /** Angle in degrees of an instant: the fraction of the Helsinki year gone, January at 12 o'clock. */
  const angleOf = (iso: string): number => {
    const ms = Math.min(Math.max(Date.parse(iso), yearStart), yearEnd);
    if (ms >= yearEnd) return 270;
    const p = helsinkiParts(new Date(ms).toISOString());
    const fraction = (p.dayOfYear - 1 + (p.hour * 60 + p.minute) / 1440) / days;
    return -90 + 360 * fraction;
  };
  const monthStartAngle = (month: number): number => {
    let dayOfYear = 0;
    for (let m = 1; m < month; m++) dayOfYear += daysInMonth(year, m);
    return -90 + (360 * dayOfYear) / days;
  };

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WHEEL_SIZE} ${WHEEL_SIZE}" width="${WHEEL_SIZE}" height="${WHEEL_SIZE}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${esc(font)}">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    `<rect width="${WHEEL_SIZE}" height="${WHEEL_SIZE}" fill="${palette.background}"/>`,
  );

  // Month band with names.
  for (let month = 1; month <= 12; month++) {
    const a1 = monthStartAngle(month);
    const a2 = month === 12 ? 270 : monthStartAngle(month + 1);
    const fill = month % 2 === 1 ? palette.band : palette.bandAlt;
    out.push(`<path d="${ringSegment(BAND_INNER, BAND_OUTER, a1, a2)}" fill="${fill}"/>`);
    const [x, y] = polar((BAND_INNER + BAND_OUTER) / 2, (a1 + a2) / 2);
    out.push(
      `<text x="${f(x)}" y="${f(y)}" fill="${palette.text}" font-size="24" font-weight="bold" text-anchor="middle" dominant-baseline="central">${esc(monthName(month, locale, 'short'))}</text>`,
    );
    const [x1, y1] = polar(LANES_INNER - 10, a1);
    const [x2, y2] = polar(BAND_OUTER, a1);
    out.push(
      `<line x1="${f(x1)}" y1="${f(y1)}" x2="${f(x2)}" y2="${f(y2)}" stroke="${palette.grid}" stroke-width="2"/>`,
    );
  }

  // One lane per category that occurs.
  const entries = visible(calendar.entries);
  const lanes = calendar.categories.filter((c) => entries.some((e) => e.category === c.category));
  const laneWidth = (LANES_OUTER - LANES_INNER) / Math.max(lanes.length, 1);
  const laneRadius = new Map<CalendarCategory, number>();
  lanes.forEach((lane, i) => {
    const r = LANES_OUTER - (i + 0.5) * laneWidth;
    laneRadius.set(lane.category, r);
    out.push(
      `<circle cx="${C}" cy="${C}" r="${f(r)}" fill="none" stroke="${palette.grid}" stroke-width="1.5" stroke-dasharray="4 6"/>`,
    );
  });

  out.push(`<g aria-hidden="true">`);
  for (const e of entries) {
    const r = laneRadius.get(e.category) ?? LANES_INNER;
    const colour = palette.colours[e.colour];
    const a1 = angleOf(e.start);
    const a2 = angleOf(e.end);
    const tip = `${entryWhen(e, locale)} ${localized(e.title, locale)}`;
    out.push(`<g><title>${esc(tip)}</title>`);
    // Spans of more than two days are drawn as arcs so a survey window reads as a period.
    if (Date.parse(e.end) - Date.parse(e.start) > 2 * 86_400_000 && a2 - a1 > 1) {
      out.push(
        `<path d="${arc(r, a1, a2)}" fill="none" stroke="${colour}" stroke-width="10" stroke-linecap="round"/>`,
      );
    }
    const [x, y] = polar(r, a1);
    out.push(shape(CATEGORY_SHAPES[e.category], x, y, MARK, colour, palette.background));
    out.push(`</g>`);
  }
  out.push(`</g>`);

  // Centre: the year and the legend.
  out.push(
    `<circle cx="${C}" cy="${C}" r="${CENTRE}" fill="${palette.background}" stroke="${palette.grid}" stroke-width="2"/>`,
    `<text x="${C}" y="${C - 105}" fill="${palette.text}" font-size="56" font-weight="bold" text-anchor="middle" dominant-baseline="central">${year}</text>`,
  );
  const rowHeight = 30;
  const top = C - 45;
  lanes.forEach((lane, i) => {
    const y = top + i * rowHeight;
    const x = C - 115;
    out.push(
      shape(
        CATEGORY_SHAPES[lane.category],
        x,
        y,
        10,
        palette.colours[lane.colour],
        palette.background,
      ),
    );
    out.push(
      `<text x="${x + 22}" y="${y}" fill="${palette.text}" font-size="20" dominant-baseline="central">${esc(t(locale, `events.category.${lane.category}`))}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('');
}

function visible(entries: readonly CalendarEntry[]): CalendarEntry[] {
  return entries.filter((e) => e.state !== 'cancelled');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function polar(r: number, degrees: number): [number, number] {
  const rad = (degrees * Math.PI) / 180;
  return [C + r * Math.cos(rad), C + r * Math.sin(rad)];
}

function arc(r: number, a1: number, a2: number): string {
  const [x1, y1] = polar(r, a1);
  const [x2, y2] = polar(r, a2);
  const large = a2 - a1 > 180 ? 1 : 0;
  return `M${f(x1)} ${f(y1)}A${f(r)} ${f(r)} 0 ${large} 1 ${f(x2)} ${f(y2)}`;
}

function ringSegment(r1: number, r2: number, a1: number, a2: number): string {
  const [ox1, oy1] = polar(r2, a1);
  const [ox2, oy2] = polar(r2, a2);
  const [ix2, iy2] = polar(r1, a2);
  const [ix1, iy1] = polar(r1, a1);
  const large = a2 - a1 > 180 ? 1 : 0;
  return (
    `M${f(ox1)} ${f(oy1)}A${r2} ${r2} 0 ${large} 1 ${f(ox2)} ${f(oy2)}` +
    `L${f(ix2)} ${f(iy2)}A${r1} ${r1} 0 ${large} 0 ${f(ix1)} ${f(iy1)}Z`
  );
}

/** A category mark; the outline in the background colour keeps touching marks apart. */
function shape(
  kind: Shape,
  x: number,
  y: number,
  s: number,
  fill: string,
  outline: string,
): string {
  const attrs = `fill="${fill}" stroke="${outline}" stroke-width="2"`;
  const pts = (list: [number, number][]) =>
    `<polygon points="${list.map(([px, py]) => `${f(x + px * s)},${f(y + py * s)}`).join(' ')}" ${attrs}/>`;
  switch (kind) {
    case 'circle':
      return `<circle cx="${f(x)}" cy="${f(y)}" r="${s}" ${attrs}/>`;
    case 'square':
      return pts([
        [-0.85, -0.85],
        [0.85, -0.85],
        [0.85, 0.85],
        [-0.85, 0.85],
      ]);
    case 'diamond':
      return pts([
        [0, -1.15],
        [1.15, 0],
        [0, 1.15],
        [-1.15, 0],
      ]);
    case 'triangle':
      return pts([
        [0, -1.15],
        [1.05, 0.85],
        [-1.05, 0.85],
      ]);
    case 'triangleDown':
      return pts([
        [0, 1.15],
        [1.05, -0.85],
        [-1.05, -0.85],
      ]);
    case 'hexagon':
      return pts(
        [0, 60, 120, 180, 240, 300].map((d) => [
          Math.cos((d * Math.PI) / 180),
          Math.sin((d * Math.PI) / 180),
        ]),
      );
    case 'plus':
      return pts([
        [-0.35, -1],
        [0.35, -1],
        [0.35, -0.35],
        [1, -0.35],
        [1, 0.35],
        [0.35, 0.35],
        [0.35, 1],
        [-0.35, 1],
        [-0.35, 0.35],
        [-1, 0.35],
        [-1, -0.35],
        [-0.35, -0.35],
      ]);
  }
}

function f(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
