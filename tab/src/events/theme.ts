/**
 * Which of the wheel's palettes fits the page: read from the Fluent theme's own background
 * variable, so the picture follows Teams' light, dark and high-contrast themes.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { Theme } from '@yhdistysyhteistyo/contract/wheel';

export function themeOfBackground(value: string): Theme {
  const hex = value.trim().toLowerCase();
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(hex);
  if (!m) return 'light';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16));
  if (r === 0 && g === 0 && b === 0) return 'contrast';
  return (r ?? 0) + (g ?? 0) + (b ?? 0) < 3 * 96 ? 'dark' : 'light';
}

export function useWheelTheme(ref: RefObject<HTMLElement | null>): Theme {
  const [theme, setTheme] = useState<Theme>('light');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () =>
      setTheme(
        themeOfBackground(getComputedStyle(el).getPropertyValue('--colorNeutralBackground1')),
      );
    read();
    // Teams switches themes at run time: the provider's class changes, the variables follow.
    const observer = new MutationObserver(read);
    let node: HTMLElement | null = el;
    while (node) {
      observer.observe(node, { attributes: true, attributeFilter: ['class', 'style'] });
      node = node.parentElement;
    }
    return () => observer.disconnect();
  }, [ref]);
  return theme;
}
