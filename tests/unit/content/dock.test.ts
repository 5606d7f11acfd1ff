import { describe, expect, it } from 'vitest';
import { fitBeside, MIN_SIDEBAR_WIDTH, SIDEBAR_WIDTH } from '@/lib/content/dock';

describe('fitBeside: the sidebar never covers the main column', () => {
  it.each([
    // viewport, column's right edge, expected
    [1400, 875, { mode: 'beside', width: SIDEBAR_WIDTH }],
    [1215, 875, { mode: 'beside', width: SIDEBAR_WIDTH }],
    [1180, 875, { mode: 'narrow', width: 305 }],
    [875 + MIN_SIDEBAR_WIDTH, 875, { mode: 'narrow', width: MIN_SIDEBAR_WIDTH }],
    [1024, 875, undefined],
    [1024, 688.5, { mode: 'narrow', width: 335 }],
  ] as const)('%i px window, column ending at %d px: %o', (viewport, right, expected) => {
    expect(fitBeside(viewport, right)).toEqual(expected);
  });
});
