// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePage, exportHeader } from '../../../lib/reports/local-export';
import { zoneFormatter } from '../../../lib/reports/time';
import type { ActivityEvent, StoredEvent } from '../../../lib/schemas/event';
import { backends, makeEvent, setupApi, type TestApi } from '../../integration/server/helpers';

// The point of the local export: its files line up with the team export's, so a lead can combine them.
const sqlite = backends.find((b) => b.name === 'sqlite')!;

describe('my local export beside the team export of the same events', () => {
  let api: TestApi;
  const events: ActivityEvent[] = [
    makeEvent({
      action: 'reply',
      conversationId: '1700000000000000001',
      replyId: '1800000000000000001',
      replyText: 'Commas, "quotes",\nnewlines 🚀 and =SUM(A1)',
      targetAuthor: '@support',
      category: 'trust_doubt',
      suggestedCategory: 'rumor_narrative',
      playbookId: 'trust',
      templateId: 't1',
      occurredAt: '2026-11-01T20:59:59.000Z',
    }),
    makeEvent({
      platform: 'youtube',
      action: 'like',
      targetId: 'UgxCOMMENT',
      conversationId: 'dQw4w9WgXcQ',
      pageUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      source: 'dom',
      occurredAt: '2026-11-02T10:00:00.000Z',
    }),
  ];
  beforeAll(async () => {
    api = await setupApi(sqlite);
    const res = await api.json('POST', '/events', { body: { events } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
  afterAll(() => api.cleanup());

  // Synced, and heard back at the moment the server stamped them.
  const local = (): StoredEvent[] =>
    events.map((e, i) => ({
      ...e,
      dedupeKey: `k${i}`,
      syncState: 'synced',
      syncedAt: api.clock.read().toISOString(),
      attempts: 1,
    }));

  it.each([
    ['csv', 'UTC', true],
    ['csv', 'Europe/Moscow', false],
    ['json', 'America/St_Johns', false],
  ] as const)('%s in %s is byte for byte the same', async (format, tz, bom) => {
    const res = await api.req('GET', `/export?format=${format}&tz=${tz}${bom ? '&bom=1' : ''}`, {
      as: 'lead',
    });
    expect(res.status).toBe(200);
    // Response#text would drop the byte-order mark this test wants to see.
    const server = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    const mine =
      exportHeader({ format, bom }) +
      encodePage(local(), api.names.ambassador, format, zoneFormatter(tz), () => true).text;
    expect(mine).toBe(server);
  });
});
