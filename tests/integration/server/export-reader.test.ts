// @vitest-environment node
/**
 * The server queries and encodes a text export in a worker thread and the main thread only passes the
 * bytes on: SQLite's reader thread (server/db/sqlite-reader.ts), Postgres's export thread
 * (server/db/pg-export.ts). Those bytes must be the ones the main thread writes itself (the path the
 * other export tests take), whatever the filters.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app';
import { openPostgresExports } from '../../../server/db/pg-export';
import { openSqliteReads } from '../../../server/db/sqlite-reader';
import { backends, makeEvent, PG_URL, setupApi, type TestApi } from './helpers';

describe.each(backends)('the export encoded in a worker thread on $name', (backend) => {
  let api: TestApi;
  let closeThread: () => Promise<void>;
  let threaded: ReturnType<typeof createApp>;

  beforeAll(async () => {
    api = await setupApi(backend);
    const texts = ['Plain', 'Commas, "quotes"\r\nand =1+1', '@support 🚀', '\tindented', 'понятно;=1+1'];
    const events = Array.from({ length: 2_345 }, (_, i) =>
      makeEvent({
        // Many share a timestamp, so pages break ties by id, across page boundaries too.
        occurredAt: `2026-11-${String(10 + (i % 9)).padStart(2, '0')}T0${i % 10}:00:00.000Z`,
        ...(i % 3 === 0
          ? {
              platform: 'youtube' as const,
              targetId: `v${i}`,
              conversationId: `c${i % 7}`,
              pageUrl: 'https://www.youtube.com/watch?v=x',
            }
          : {}),
        ...(i % 2 === 0
          ? {
              action: i % 3 === 0 ? ('comment' as const) : ('reply' as const),
              replyId: `7${i}`,
              replyText: texts[i % texts.length]!,
            }
          : {}),
        ...(i % 5 === 0 ? { category: 'trust_doubt' as const } : {}),
      }),
    );
    for (let i = 0; i < events.length; i += 500) {
      const res = await api.json('POST', '/events', { body: { events: events.slice(i, i + 500) } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    let thread: Pick<Parameters<typeof createApp>[0], 'reads' | 'exportText'>;
    if (backend.name === 'sqlite') {
      const files = await sql<{ file: string }>`pragma database_list`.execute(api.db);
      const reads = openSqliteReads(files.rows[0]!.file);
      thread = { reads: reads.db, exportText: reads.exportText };
      closeThread = () => reads.db.destroy();
    } else {
      const schema = await sql<{ s: string }>`select current_schema() as s`.execute(api.db);
      const exports = openPostgresExports(PG_URL!, schema.rows[0]!.s);
      thread = { exportText: exports.exportText };
      closeThread = () => exports.close();
    }
    threaded = createApp({
      db: api.db,
      ...thread,
      clock: api.clock.read,
      rateLimit: false,
      authFailureLimit: false,
    });
  });
  afterAll(async () => {
    await closeThread();
    await api.cleanup();
  });

  const bytes = async (res: Response) => {
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  const fromThread = (query: string) =>
    threaded.request(`/api/v1/export?${query}`, { headers: { authorization: `Bearer ${api.tokens.lead}` } });

  it.each([
    'format=csv',
    'format=csv&bom=1&tz=Europe/Moscow',
    'format=json&tz=America/St_Johns',
    'format=csv&platform=youtube&category=none,trust_doubt',
    'format=json&action=reply&from=2026-11-12T00:00:00Z&to=2026-11-16T00:00:00Z',
    'format=csv&member=amber',
    'format=csv&member=nobody',
  ])('writes the same bytes as the main thread: %s', async (query) => {
    const here = await bytes(await api.req('GET', `/export?${query}`, { as: 'lead' }));
    const there = await bytes(await fromThread(query));
    expect(there.length).toBeGreaterThan(0);
    expect(there.equals(here)).toBe(true);
  });

  it('stops when the client goes away, and the next export still runs', async () => {
    const res = await fromThread('format=csv');
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const full = await bytes(await fromThread('format=csv'));
    expect(full.toString('utf8').split('\r\n')).toHaveLength(2_345 + 2);
  });
});
