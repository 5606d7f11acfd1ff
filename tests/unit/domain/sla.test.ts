import { describe, expect, it } from 'vitest';
import { slaDueAt } from '../../../lib/domain/sla';
import { type CategoryConfig, DEFAULT_CATEGORIES } from '../../../lib/schemas/categories';

describe('slaDueAt: when the first reply is due', () => {
  const hours = (id: string) => DEFAULT_CATEGORIES.find((c) => c.id === id)?.slaHours ?? Number.NaN;

  it.each(DEFAULT_CATEGORIES.map((c) => [c.id, c.slaHours] as const))(
    '%s: the start plus its %i hours',
    (id, h) => {
      const start = '2026-03-01T10:00:00.000Z';
      expect(Date.parse(slaDueAt(start, id)) - Date.parse(start)).toBe(h * 3_600_000);
    },
  );

  it('takes a Date or the post time as text alike', () => {
    const id = DEFAULT_CATEGORIES[0]!.id;
    expect(slaDueAt(new Date('2026-03-01T10:00:00Z'), id)).toBe(slaDueAt('2026-03-01T10:00:00.000Z', id));
  });

  it("follows the team's published hours, not the defaults", () => {
    const first = DEFAULT_CATEGORIES[0]!;
    const published: CategoryConfig[] = DEFAULT_CATEGORIES.map((c) =>
      c.id === first.id ? { ...c, slaHours: 2 } : c,
    );
    expect(slaDueAt('2026-03-01T10:00:00.000Z', first.id, published)).toBe('2026-03-01T12:00:00.000Z');
    expect(hours(first.id)).not.toBe(2);
  });
});
