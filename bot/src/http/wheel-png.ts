/**
 * The annual wheel as PNG for cards: Teams shows images, not SVG, in Adaptive Cards. Rendered
 * by resvg from the same SVG the tab shows, always in the light palette on its own white ground,
 * so it reads the same in every Teams theme.
 */
import { Resvg } from '@resvg/resvg-js';
import type { AnnualCalendar } from '@yhdistysyhteistyo/contract/calendar';
import type { Locale } from '@yhdistysyhteistyo/contract/time';
import { WHEEL_SIZE, wheelSvg } from '@yhdistysyhteistyo/contract/wheel';

/** Teams' card image limit is 1024 × 1024; the card shows it smaller, so less is enough. */
export const WHEEL_PNG_SIZE = 768;

/** The fonts resvg looks for, in order; DejaVu Sans is on most Linux hosts. */
const FONT_FAMILY = 'DejaVu Sans, Segoe UI, Noto Sans, Liberation Sans, Arial';

export function wheelPng(calendar: AnnualCalendar, locale: Locale, size = WHEEL_PNG_SIZE): Buffer {
  if (size < 64 || size > WHEEL_SIZE) throw new RangeError(`size ${size}`);
  const svg = wheelSvg(calendar, { theme: 'light', locale, fontFamily: FONT_FAMILY });
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return image.asPng();
}
