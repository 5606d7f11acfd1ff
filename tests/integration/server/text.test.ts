// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backends,
  countEvents,
  makeEvent,
  makeThread,
  setupApi,
  snapshotDatabase,
  type TestApi,
} from './helpers';

/**
 * Text Postgres refuses: NUL anywhere, and half a surrogate pair (no UTF-8 form). Before the shared
 * TextSchema these were a 500 on Postgres (an event batch then stuck in the outbox) and stored as is on
 * SQLite; now both databases answer the same clear 400 and keep nothing.
 */
const BAD_TEXTS = { nul: 'before\u0000after', loneHigh: 'half an emoji \uD83D', loneLow: '\uDE00 tail' };

interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: (string | number)[] }[] } };
}

describe.each(backends)('text no database can store, on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const writes = (bad: string) =>
    [
      ['POST', '/events', 'ambassador', { events: [makeEvent({ action: 'reply', replyText: bad })] }],
      ['POST', '/events', 'ambassador', { events: [makeEvent({ targetAuthor: bad })] }],
      ['POST', '/events', 'ambassador', { events: [], client: { pending: 1, lastError: bad } }],
      ['POST', '/threads', 'manager', makeThread({ note: bad })],
      ['POST', '/threads', 'manager', makeThread({ excerpt: bad })],
      ['POST', '/suggestions', 'ambassador', { ...makeThread(), note: bad }],
      // Content the schema passes through to jsonb (an unknown key) is checked too.
      ['PUT', '/playbooks', 'manager', { content: { [bad]: 1 } }],
    ] as const;

  for (const [kind, bad] of Object.entries(BAD_TEXTS)) {
    it(`refuses ${kind} in every free-text field with a 400 that names the field, storing nothing`, async () => {
      for (const [method, path, as, body] of writes(bad)) {
        const before = await snapshotDatabase(api.db);
        const res = await api.json<ErrorBody>(method, path, { as, body });
        expect({ path, status: res.status, code: res.body.error.code }).toEqual({
          path,
          status: 400,
          code: 'validation_failed',
        });
        expect(res.body.error.message).toMatch(/NUL .* unpaired surrogate/);
        expect(await snapshotDatabase(api.db)).toEqual(before);
      }
    });
  }

  it('refuses NUL in a path segment or a query value with a 400, not a database error', async () => {
    const cases = [
      ['DELETE', '/members/amber%00x', 'lead'],
      ['POST', '/members/amber%00/revoke', 'lead'],
      ['GET', '/mentions?cursor=a%00b', 'manager'],
      ['GET', '/mentions?language=e%00n', 'manager'],
      ['GET', '/threads?since=1%00', 'ambassador'],
    ] as const;
    for (const [method, path, as] of cases) {
      const res = await api.json<ErrorBody>(method, path, { as });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
    }
  });

  it('still stores text with real emoji, Cyrillic and other control characters', async () => {
    const event = makeEvent({ action: 'reply', replyText: 'Понятно 👍🏽 tab\tnew\nline \u0001' });
    const res = await api.json('POST', '/events', { body: { events: [event] } });
    expect(res.status).toBe(200);
    expect(await countEvents(api.db)).toBe(1);
    const stored = await api.db.selectFrom('events').select('reply_text').executeTakeFirstOrThrow();
    expect(stored.reply_text).toBe(event.replyText);
  });
});
