import { type CategoryId, categoryConfig } from '@/lib/schemas/categories';
import type { ReportCategory } from '@/lib/schemas/reports';

export function categoryLabel(c: ReportCategory | string): string {
  if (c === 'uncategorised') return 'Uncategorised';
  try {
    return categoryConfig(c as CategoryId).label;
  } catch {
    return c;
  }
}

export const PLATFORM_LABEL: Record<string, string> = { x: 'X', youtube: 'YouTube' };

/** Muted, print-safe colours that stay apart for the common kinds of colour blindness. */
export const COLORS = {
  xReplies: '#1f5f8b',
  xLikes: '#7fb2d6',
  ytReplies: '#b4462f',
  ytLikes: '#e8a392',
  previous: '#b8c2cc',
  target: '#3b7d4f',
} as const;

export const CATEGORY_COLORS = [
  '#1f5f8b',
  '#b4462f',
  '#6c5a9c',
  '#3b7d4f',
  '#c28a1b',
  '#5f6b76',
  '#a23b72',
  '#2b8a8a',
  '#8a8f94',
];
