import {
  type CategoryConfig,
  type CategoryId,
  categoryConfig,
  DEFAULT_CATEGORIES,
} from '../schemas/categories';

const HOUR = 3_600_000;

/**
 * When a thread's first reply is due: the moment its clock starts plus its category's SLA. The clock
 * starts when a manager tracks a thread, or at the post's own time for a thread tracked from a mention
 * (the negative post has been out there since then). The team's published categories decide the hours.
 */
export function slaDueAt(
  start: Date | string,
  category: CategoryId,
  categories: readonly CategoryConfig[] = DEFAULT_CATEGORIES,
): string {
  const from = typeof start === 'string' ? Date.parse(start) : start.getTime();
  return new Date(from + categoryConfig(category, categories).slaHours * HOUR).toISOString();
}
