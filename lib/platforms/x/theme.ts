export type XTheme = 'light' | 'dim' | 'dark';

/** X's three display backgrounds. */
export const X_THEME_BACKGROUNDS: Record<XTheme, string> = {
  light: 'rgb(255, 255, 255)',
  dim: 'rgb(21, 32, 43)',
  dark: 'rgb(0, 0, 0)',
};

type Rgba = [number, number, number, number];

export function parseCssColor(value: string): Rgba | undefined {
  const v = value.trim().toLowerCase();
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (fn) {
    const alphaRaw = fn[4];
    const alpha =
      alphaRaw === undefined ? 1 : alphaRaw.endsWith('%') ? parseFloat(alphaRaw) / 100 : Number(alphaRaw);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), alpha];
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)).concat(1) as Rgba;
  }
  if (v === 'white') return [255, 255, 255, 1];
  if (v === 'black') return [0, 0, 0, 1];
  return undefined;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Classifies any colour; unknown ones go to the nearest theme by luminance (dim is ≈0.014). */
export function themeForColor(value: string): XTheme | undefined {
  const rgba = parseCssColor(value);
  if (!rgba || rgba[3] === 0) return undefined;
  const l = luminance(rgba);
  if (l >= 0.2) return 'light';
  if (l >= 0.005) return 'dim';
  return 'dark';
}

/** X paints its theme on body's background; before it does (or when it is transparent) assume light. */
export function detectTheme(doc: Document): XTheme {
  const body = doc.body;
  if (!body) return 'light';
  const computed = doc.defaultView?.getComputedStyle(body).backgroundColor ?? '';
  return themeForColor(computed) ?? themeForColor(body.style.backgroundColor) ?? 'light';
}
