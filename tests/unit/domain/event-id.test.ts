import { describe, expect, it } from 'vitest';
import { eventId } from '@/lib/domain/event-id';
import { ActivityEventSchema } from '@/lib/schemas/event';

const bytes = (fill: number) => new Uint8Array(10).fill(fill);

describe('eventId (UUIDv7)', () => {
  it.each([
    // ms since the epoch, random bytes, the id
    [0, bytes(0), '00000000-0000-7000-8000-000000000000'],
    [0, bytes(0xff), '00000000-0000-7fff-bfff-ffffffffffff'],
    [Date.parse('2026-11-26T20:00:00.000Z'), bytes(0), '01a21971-8600-7000-8000-000000000000'],
    [2 ** 48 - 1, bytes(0x5a), 'ffffffff-ffff-7a5a-9a5a-5a5a5a5a5a5a'],
  ])('at %d ms with %o is %s', (ms, random, id) => {
    expect(eventId(ms, random)).toBe(id);
  });

  it('sorts in the order the ids were made, whatever their random bits', () => {
    const ids = [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, Date.parse('2026-11-26T20:00:00Z')].map((ms, i) =>
      eventId(ms, bytes(255 - i * 30)),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it('is an id the shared event schema accepts, as random (v4) ids still are', () => {
    const event = {
      platform: 'x',
      action: 'like',
      targetId: '1850000000000000001',
      pageUrl: 'https://x.com/a/status/1850000000000000001',
      occurredAt: '2026-11-20T10:00:00.000Z',
      source: 'network',
    };
    for (const id of [eventId(), crypto.randomUUID()]) {
      expect(ActivityEventSchema.safeParse({ ...event, id }).success).toBe(true);
    }
    expect(eventId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
