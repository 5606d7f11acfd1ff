import { describe, expect, it } from 'vitest';
import { countedAt } from '../../../lib/reports/clock';

describe('when an event counts (clock policy)', () => {
  const received = '2026-11-20T12:00:00.000Z';
  it.each([
    ['synced right away', '2026-11-20T11:59:58.000Z', '2026-11-20T11:59:58.000Z'],
    ['from an outbox that waited under an hour', '2026-11-20T11:00:00.000Z', '2026-11-20T11:00:00.000Z'],
    ['claimed earlier than an hour before receipt', '2026-11-20T07:00:00.000Z', '2026-11-20T11:00:00.000Z'],
    ['claimed a few minutes ahead (fast clock)', '2026-11-20T12:03:00.000Z', received],
  ])('%s', (_what, occurred, counted) => {
    expect(countedAt(occurred, received)).toBe(counted);
  });
});
