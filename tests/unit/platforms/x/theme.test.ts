import { describe, expect, it } from 'vitest';
import { detectTheme, parseCssColor, themeForColor } from '../../../../lib/platforms/x/theme';

describe('detectTheme', () => {
  it.each([
    ['rgb(255, 255, 255)', 'light'],
    ['#FFFFFF', 'light'],
    ['rgb(21, 32, 43)', 'dim'],
    ['#15202B', 'dim'],
    ['rgb(0, 0, 0)', 'dark'],
    ['black', 'dark'],
    // Colours X does not use go to the nearest theme by luminance.
    ['rgb(247, 249, 249)', 'light'],
    ['rgb(30, 39, 50)', 'dim'],
    ['rgb(8, 8, 8)', 'dark'],
    ['rgba(0, 0, 0, 0)', 'light'], // transparent: X has not painted yet
    ['', 'light'],
  ])('body background %s → %s', (color, theme) => {
    const doc = document.implementation.createHTMLDocument('x');
    doc.body.style.backgroundColor = color;
    expect(detectTheme(doc)).toBe(theme);
  });

  it('reads the live document too (computed style)', () => {
    document.body.setAttribute('style', 'background-color: rgb(21, 32, 43);');
    expect(detectTheme(document)).toBe('dim');
    document.body.removeAttribute('style');
    expect(detectTheme(document)).toBe('light');
  });
});

describe('colour parsing', () => {
  it.each([
    ['rgb(1, 2, 3)', [1, 2, 3, 1]],
    ['rgba(1,2,3,0.5)', [1, 2, 3, 0.5]],
    ['rgb(1 2 3 / 50%)', [1, 2, 3, 0.5]],
    ['#0a0B0c', [10, 11, 12, 1]],
    ['#fff', [255, 255, 255, 1]],
    ['hsl(0, 0%, 0%)', undefined],
  ])('%s', (value, rgba) => {
    expect(parseCssColor(value)).toEqual(rgba);
  });
  it('unknown notations give no theme', () => expect(themeForColor('papayawhip')).toBeUndefined());
});
