// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CapturedMentionSchema,
  type MentionsListResponse,
  MentionsListResponseSchema,
} from '../../../lib/schemas/mention';
import { MonitoringSettingsSchema } from '../../../lib/schemas/monitoring';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { ingestMentions } from '../../../server/core/mentions';
import { applyRetention, REMOVED_AUTHOR } from '../../../server/core/retention';
import { publishVersion } from '../../../server/core/versioned';
import { backends, listenOn, setupApi, type TestApi } from './helpers';
import { publishTerms, TERMS, xMention } from './mentions-fixtures';

const OLD = '2026-05-01T10:00:00.000Z';

describe.each(backends)('mention retention on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
    await publishTerms(api);
  });
  afterEach(() => api.cleanup());

  const list = async () => {
    const res = await api.json<MentionsListResponse>('GET', '/mentions?limit=200', { as: 'manager' });
    expect(res.status).toBe(200);
    const parsed = MentionsListResponseSchema.parse(res.body);
    return Object.fromEntries(parsed.mentions.map((m) => [m.postId, m]));
  };

  it('drops text and author after 180 days, keeps counts and triage, never brings them back', async () => {
    const oldX = xMention({ postedAt: OLD, seenAt: '2026-05-01T11:00:00.000Z' });
    const recent = xMention();
    const oldYt = {
      platform: 'youtube',
      kind: 'comment',
      postId: 'UgzOld1',
      conversationId: 'vid00000001',
      url: 'https://www.youtube.com/watch?v=vid00000001&lc=UgzOld1',
      authorHandle: '@someone',
      text: 'finvo froze my account',
      postedAt: OLD,
      counts: { likes: 7 },
      seenAt: OLD,
      source: 'capture',
    };
    const up = await api.json('POST', '/mentions', { body: { mentions: [oldX, recent, oldYt] } });
    expect(up.status).toBe(200);
    const before = await list();

    expect(await applyRetention(api.db, api.clock.read())).toBe(2);
    const after = await list();
    const x = after[oldX.postId!]!;
    expect(x).toMatchObject({
      text: '',
      textDropped: true,
      authorHandle: REMOVED_AUTHOR,
      url: `https://x.com/i/web/status/${oldX.postId}`,
      counts: before[oldX.postId!]!.counts,
      suggestion: before[oldX.postId!]!.suggestion,
      postedAt: OLD,
      status: 'new',
    });
    expect(x.authorFollowers).toBeUndefined();
    expect(after.UgzOld1).toMatchObject({
      text: '',
      textDropped: true,
      authorHandle: REMOVED_AUTHOR,
      counts: { likes: 7 },
    });
    expect(after.UgzOld1!.url).toBe('https://www.youtube.com/watch?v=vid00000001&lc=UgzOld1');
    expect(after[recent.postId!]).toEqual(before[recent.postId!]);
    expect(await applyRetention(api.db, api.clock.read())).toBe(0);

    // Seen again by a member: still one row, the text stays gone, the counts refresh.
    const again = await api.json<{ results: { outcome: string }[] }>('POST', '/mentions', {
      body: { mentions: [{ ...oldX, counts: { likes: 99 }, seenAt: '2026-11-20T11:30:00.000Z' }] },
    });
    expect(again.body.results[0]!.outcome).toBe('duplicate');
    expect((await list())[oldX.postId!]).toMatchObject({
      text: '',
      textDropped: true,
      counts: { likes: 99 },
    });
  });

  it("empties a tracked thread's copy of the author and text with its mention, and the extensions hear of it", async () => {
    const oldX = xMention({
      postedAt: OLD,
      seenAt: '2026-05-01T11:00:00.000Z',
      text: 'Finvo lost my transfer',
    });
    const recent = xMention({ text: 'Finvo support never answers' });
    const up = await api.json<{ results: { id: string }[] }>('POST', '/mentions', {
      body: { mentions: [oldX, recent] },
    });
    const [oldId, recentId] = up.body.results.map((r) => r.id);
    for (const id of [oldId, recentId]) {
      const res = await api.json('PATCH', `/mentions/${id}`, { as: 'manager', body: { status: 'tracked' } });
      expect(res.status).toBe(200);
    }
    type Threads = { threads: TrackedThread[]; cursor: string };
    const before = await api.json<Threads>('GET', '/threads');
    const byId = (t: Threads) => Object.fromEntries(t.threads.map((th) => [th.canonicalId, th]));
    expect(byId(before.body)[oldX.postId!]).toMatchObject({
      author: 'upset_user',
      excerpt: 'Finvo lost my transfer',
    });

    expect(await applyRetention(api.db, api.clock.read())).toBe(1);
    // An extension pulling since its last cursor gets the emptied thread, and only that one.
    const pulled = await api.json<Threads>('GET', `/threads?since=${before.body.cursor}`);
    expect(pulled.body.threads.map((t) => t.canonicalId)).toEqual([oldX.postId]);
    const emptied = pulled.body.threads[0]!;
    expect(emptied.author).toBeUndefined();
    expect(emptied.excerpt).toBeUndefined();
    expect(emptied).toMatchObject({ url: `https://x.com/i/web/status/${oldX.postId}`, status: 'open' });
    expect(byId((await api.json<Threads>('GET', '/threads')).body)[recent.postId!]).toEqual(
      byId(before.body)[recent.postId!],
    );
    // Nothing left to empty: a second run changes no thread (no new sequence number).
    await applyRetention(api.db, api.clock.read());
    expect((await api.json<Threads>('GET', `/threads?since=${pulled.body.cursor}`)).body.threads).toEqual([]);

    // Tracking a mention that expired before anyone tracked it copies nothing either.
    const late = xMention({ postedAt: OLD, seenAt: '2026-05-01T12:00:00.000Z' });
    const lateUp = await api.json<{ results: { id: string }[] }>('POST', '/mentions', {
      body: { mentions: [late] },
    });
    await applyRetention(api.db, api.clock.read());
    await api.json('PATCH', `/mentions/${lateUp.body.results[0]!.id}`, {
      as: 'manager',
      body: { status: 'tracked' },
    });
    const lateThread = byId((await api.json<Threads>('GET', '/threads')).body)[late.postId!]!;
    expect(lateThread.author).toBeUndefined();
    expect(lateThread.excerpt).toBeUndefined();
  });

  it("follows the team's setting", async () => {
    const octX = xMention({ postedAt: '2026-10-01T10:00:00.000Z' });
    await api.json('POST', '/mentions', { body: { mentions: [octX] } });
    expect(await applyRetention(api.db, api.clock.read())).toBe(0);
    await api.json('PUT', '/monitoring', { as: 'manager', body: { ...TERMS, retentionDays: 30 } });
    expect(await applyRetention(api.db, api.clock.read())).toBe(1);
    expect((await list())[octX.postId!]!.textDropped).toBe(true);
  });
});

describe.each(backends)('retention on start on $name', (backend) => {
  it('a starting server empties what expired while it was down', async () => {
    const database = await backend.open();
    try {
      await publishVersion(database.db, 'monitoring', {
        content: MonitoringSettingsSchema.parse(TERMS),
        by: 'mona',
        at: '2026-05-01T00:00:00.000Z',
        expected: undefined,
        what: 'Monitoring terms',
      });
      const m = xMention({ postedAt: '2020-01-01T00:00:00.000Z', seenAt: '2020-01-01T01:00:00.000Z' });
      await ingestMentions(database.db, [CapturedMentionSchema.parse(m)], '2020-01-01T01:00:00.000Z');
      const server = await listenOn(database);
      await server.close();
      // The test's own connection reads what the server left behind.
      const row = await database.db
        .selectFrom('mentions')
        .select(['text', 'author_handle'])
        .select((eb) => eb.cast<number>('text_dropped', 'integer').as('dropped'))
        .executeTakeFirstOrThrow();
      expect({ ...row, dropped: Number(row.dropped) }).toEqual({
        text: '',
        dropped: 1,
        author_handle: REMOVED_AUTHOR,
      });
    } finally {
      await database.cleanup();
    }
  });
});
