import { describe, expect, it } from 'vitest';
import { IsoDateTimeSchema, UuidSchema } from '../../../lib/schemas/common';

describe('one timestamp type for every schema', () => {
  it.each([
    ['2026-11-20T13:00:00+02:00', '2026-11-20T11:00:00.000Z'],
    ['2026-11-20T11:00:00Z', '2026-11-20T11:00:00.000Z'],
    ['2026-11-20T11:00:00.123456789Z', '2026-11-20T11:00:00.123Z'],
    ['2026-01-01T00:00:00+23:59', '2025-12-31T00:01:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['9999-12-30T23:59:59.999Z', '9999-12-30T23:59:59.999Z'],
  ])('accepts %s as the instant %s', (input, stored) => {
    expect(IsoDateTimeSchema.parse(input)).toBe(stored);
  });

  it.each([
    // Valid ISO text whose instant does not read back as a four-digit UTC year.
    '9999-12-31T23:30:00-01:00',
    '0000-01-01T00:30:00+01:00',
    '0000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    // Calendar edges: in range as written, out of range once the offset is applied or in another zone.
    '9999-12-31T00:00:00+00:00',
    '1970-01-01T00:00:00+00:01',
    '1969-12-31T23:59:59.999Z',
    'yesterday',
    '2026-02-30T00:00:00Z',
    '2026-01-01T00:00:00',
  ])('refuses %s', (input) => {
    expect(IsoDateTimeSchema.safeParse(input).success).toBe(false);
  });

  it('keeps one spelling of an id', () => {
    expect(UuidSchema.parse('2370E034-8AC0-4F35-85FD-760405DF12E1')).toBe(
      '2370e034-8ac0-4f35-85fd-760405df12e1',
    );
  });
});
