// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CapturedMentionSchema,
  type Mention,
  type MentionAlertsResponse,
  type MentionsListResponse,
  MentionsListResponseSchema,
  type MentionsUploadResponse,
  type QueueResponse,
} from '../../../lib/schemas/mention';
import { type MonitoringDocument, MonitoringSettingsSchema } from '../../../lib/schemas/monitoring';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { ingestMentions } from '../../../server/core/mentions';
import { publishVersion } from '../../../server/core/versioned';
import { backends, makeEvent, setupApi, type TestApi } from './helpers';
import { publishTerms, xMention } from './mentions-fixtures';

describe.each(backends)('monitoring terms on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  it('starts empty at version 0, publishes with If-Match, and names who won a conflict', async () => {
    const first = await api.req('GET', '/monitoring', { as: 'ambassador' });
    expect(first.headers.get('etag')).toBe('"0"');
    expect(await first.json()).toMatchObject({
      version: 0,
      terms: { include: [], exclude: [] },
      retentionDays: 180,
    });

    const v1 = await api.json<MonitoringDocument>('PUT', '/monitoring', {
      as: 'manager',
      body: { terms: { include: ['finvo'] } },
      headers: { 'if-match': '"0"' },
    });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, updatedBy: 'mona', terms: { include: ['finvo'] } });

    const lead = await api.json('PUT', '/monitoring', {
      as: 'lead',
      body: { terms: { include: ['x'] } },
      headers: { 'if-match': '"1"' },
    });
    expect(lead.status).toBe(200);

    const stale = await api.json<{ error: { code: string; details: unknown } }>('PUT', '/monitoring', {
      as: 'manager',
      body: { terms: { include: ['finvo', 'финво'] } },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'conflict',
      details: { currentVersion: 2, updatedBy: 'leo', updatedAt: '2026-11-20T12:00:00.000Z' },
    });

    const notModified = await api.req('GET', '/monitoring', { headers: { 'if-none-match': '"2"' } });
    expect(notModified.status).toBe(304);
  });

  it('only managers and leads publish, and a bad term is refused with where it is', async () => {
    const amb = await api.json('PUT', '/monitoring', {
      as: 'ambassador',
      body: { terms: { include: ['finvo'] } },
    });
    expect(amb.status).toBe(403);
    const bad = await api.json<{ error: { message: string } }>('PUT', '/monitoring', {
      as: 'manager',
      body: { terms: { include: ['finvo', '@'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('terms.include[1]: a sign (@ $ #) needs a name right after it');
  });
});

describe.each(backends)('mentions on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const upload = (mentions: unknown[], as = 'ambassador') =>
    api.json<MentionsUploadResponse>('POST', '/mentions', { as, body: { mentions } });
  const list = async (query = '') => {
    const res = await api.json<MentionsListResponse>('GET', `/mentions${query}`, { as: 'manager' });
    expect(res.status).toBe(200);
    return MentionsListResponseSchema.parse(res.body);
  };

  it('stores a post once however many members send it, keeping the latest counts', async () => {
    await publishTerms(api);
    const post = xMention();
    const first = await upload([post, post]);
    expect(first.body.results.map((r) => r.outcome)).toEqual(['created', 'duplicate']);
    // A second member sees it later with more views; an older sighting arriving after that changes nothing.
    const later = { ...post, counts: { ...post.counts, views: 5000 }, seenAt: '2026-11-20T12:00:00.000Z' };
    const older = { ...post, counts: { ...post.counts, views: 1 }, seenAt: '2026-11-20T10:30:00.000Z' };
    expect((await upload([later], 'manager')).body.results[0]).toMatchObject({
      outcome: 'duplicate',
      id: first.body.results[0]!.id,
    });
    await upload([older], 'lead');

    const { mentions } = await list();
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({
      postId: post.postId,
      counts: { views: 5000, likes: 10 },
      status: 'new',
      matchedTerms: ['finvo'],
      suggestion: { polarity: 'negative', language: 'en' },
    });
    expect(mentions[0]!.suggestion.reason.length).toBeGreaterThan(0);
  });

  it('matches again with the team terms: near misses, exclusions and a switched-off capture are ignored', async () => {
    await publishTerms(api);
    const res = await upload([
      xMention({ text: 'my finvoice is late' }),
      xMention({ text: 'Finvo careers: we are hiring' }),
      xMention({ text: 'ФИНВО опять завис', lang: undefined }),
    ]);
    expect(res.body.results.map((r) => [r.outcome, r.reason])).toEqual([
      ['ignored', 'no_match'],
      ['ignored', 'excluded'],
      ['created', undefined],
    ]);
    expect((await list()).mentions.map((m) => m.suggestion.language)).toEqual(['ru']);

    await publishTerms(api, { terms: { include: ['finvo'] }, capture: { enabled: false } });
    const off = await upload([xMention()]);
    expect(off.body.results[0]).toMatchObject({ outcome: 'ignored', reason: 'capture_off' });
  });

  it("matches a reply to the product's @handle whose text never names it, and stores no reply-to list", async () => {
    await publishTerms(api);
    const res = await upload([
      xMention({ text: 'three days and my money is still not there', replyTo: ['@FinvoApp'] }),
      xMention({ text: 'three days and my money is still not there', replyTo: ['someone_else'] }),
      xMention({ text: 'three days and my money is still not there' }),
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => r.outcome)).toEqual(['created', 'ignored', 'ignored']);
    const { mentions } = await list();
    expect(mentions).toHaveLength(1);
    expect(mentions[0]!.matchedTerms).toEqual(['@FinvoApp']);
    expect(mentions[0]).not.toHaveProperty('replyTo');
  });

  it('refuses a malformed batch whole, naming the field', async () => {
    await publishTerms(api);
    const res = await api.json<{ error: { message: string } }>('POST', '/mentions', {
      body: { mentions: [xMention(), { ...xMention(), postedAt: 'yesterday' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^mentions\[1\]\.postedAt/);
    expect((await list()).mentions).toHaveLength(0);
  });

  it('lists newest first with filters and a cursor, and shows who from the team replied', async () => {
    await publishTerms(api);
    const posts = Array.from({ length: 5 }, (_, i) =>
      xMention({
        postedAt: `2026-11-20T0${i}:00:00.000Z`,
        authorFollowers: i * 1000,
        text: i % 2 ? 'Finvo is great, thanks!' : 'Finvo froze my withdrawal, is it a scam?',
      }),
    );
    await upload(posts);
    await api.json('POST', '/events', {
      as: 'ambassador',
      body: {
        events: [
          makeEvent({
            action: 'reply',
            targetId: '999',
            conversationId: posts[4]!.postId,
            occurredAt: '2026-11-20T06:00:00.000Z',
          }),
        ],
      },
    });

    const page1 = await list('?limit=2');
    expect(page1.mentions.map((m) => m.postId)).toEqual([posts[4]!.postId, posts[3]!.postId]);
    // The reply claims 06:00 but reached the server at 12:00: like the mentions report, the inbox
    // counts it under the clock policy, at receipt minus an hour.
    expect(page1.mentions[0]).toMatchObject({
      repliedBy: ['amber'],
      firstReplyAt: '2026-11-20T11:00:00.000Z',
    });
    const page2 = await list(`?limit=2&cursor=${page1.nextCursor}`);
    const page3 = await list(`?limit=2&cursor=${page2.nextCursor}`);
    expect([...page2.mentions, ...page3.mentions].map((m) => m.postId)).toEqual([
      posts[2]!.postId,
      posts[1]!.postId,
      posts[0]!.postId,
    ]);
    expect(page3.nextCursor).toBeUndefined();

    expect((await list('?polarity=negative')).mentions).toHaveLength(3);
    expect((await list('?minReach=2500')).mentions.map((m) => m.postId)).toEqual([
      posts[4]!.postId,
      posts[3]!.postId,
    ]);
    expect((await list('?maxAgeHours=9')).mentions).toHaveLength(2); // clock 12:00, posted 03:00 and 04:00
    expect((await list('?platform=youtube')).mentions).toHaveLength(0);
    const bad = await api.json('GET', '/mentions?cursor=nonsense', { as: 'manager' });
    expect(bad.status).toBe(400);
    expect((await api.json('GET', '/mentions', { as: 'ambassador' })).status).toBe(403);
  });

  it('tracks a mention as a thread whose SLA counts from the post, keeps the correction beside the suggestion', async () => {
    await publishTerms(api);
    const post = xMention({ postedAt: '2026-11-19T08:00:00.000Z' });
    const id = (await upload([post])).body.results[0]!.id!;
    const res = await api.json<{ mention: Mention }>('PATCH', `/mentions/${id}`, {
      as: 'manager',
      body: { status: 'tracked', category: 'trust_doubt', assignee: 'amber' },
    });
    expect(res.status).toBe(200);
    const m = res.body.mention;
    expect(m).toMatchObject({
      status: 'tracked',
      category: 'trust_doubt',
      suggestion: { category: 'support_needed' },
      assignee: 'amber',
      decidedBy: 'mona',
      slaDueAt: '2026-11-20T08:00:00.000Z',
    });
    const threads = await api.json<{ threads: TrackedThread[] }>('GET', '/threads');
    expect(threads.body.threads).toEqual([
      expect.objectContaining({
        id: m.threadId,
        canonicalId: post.postId,
        category: 'trust_doubt',
        slaDueAt: '2026-11-20T08:00:00.000Z',
      }),
    ]);

    // The ambassador's queue: assigned to them; the thread is overdue too but listed once.
    const queue = await api.json<QueueResponse>('GET', '/queue', { as: 'ambassador' });
    expect(queue.body.items).toEqual([
      expect.objectContaining({ reason: 'assigned', mentionId: id, url: post.url }),
    ]);
    const lead = await api.json<QueueResponse>('GET', '/queue', { as: 'lead' });
    expect(lead.body.items).toEqual([expect.objectContaining({ reason: 'overdue', threadId: m.threadId })]);

    const again = await api.json('PATCH', `/mentions/${id}`, { as: 'manager', body: { status: 'new' } });
    expect(again.status).toBe(409);
  });

  it('dismisses with a reason, in bulk too, and refuses a dismissal without one', async () => {
    await publishTerms(api);
    const ids = (await upload([xMention(), xMention(), xMention()])).body.results.map((r) => r.id!);
    const noReason = await api.json('PATCH', `/mentions/${ids[0]}`, {
      as: 'manager',
      body: { status: 'dismissed' },
    });
    expect(noReason.status).toBe(400);
    const bulk = await api.json<{ mentions: Mention[]; errors: unknown[] }>('POST', '/mentions/bulk', {
      as: 'manager',
      body: {
        ids: [...ids, '00000000-0000-4000-8000-000000000000'],
        patch: { status: 'dismissed', reason: 'spam' },
      },
    });
    expect(bulk.body.mentions.map((m) => [m.status, m.dismissReason])).toEqual([
      ['dismissed', 'spam'],
      ['dismissed', 'spam'],
      ['dismissed', 'spam'],
    ]);
    expect(bulk.body.errors).toEqual([
      { id: '00000000-0000-4000-8000-000000000000', message: 'No such mention' },
    ]);
    expect((await list('?status=new')).mentions).toHaveLength(0);
    const nobody = await api.json('PATCH', `/mentions/${ids[0]}`, {
      as: 'manager',
      body: { assignee: 'ghost' },
    });
    expect(nobody.status).toBe(400);
  });

  it('raises a spike against the same hour of the last 7 days, and a high-reach negative post', async () => {
    await publishTerms(api, {
      terms: { include: ['finvo'] },
      alerts: { spikeFactor: 3, spikeMinMentions: 5, highReachFollowers: 10_000, highReachViews: 1_000_000 },
    });
    // Clock is 2026-11-20T12:00Z. One mention in 11:00-12:00 on each of the last 7 days: average 1.
    const history = Array.from({ length: 7 }, (_, d) =>
      xMention({
        postedAt: `2026-11-${String(19 - d).padStart(2, '0')}T11:30:00.000Z`,
        text: 'finvo ok thanks',
      }),
    );
    const now = Array.from({ length: 6 }, (_, i) =>
      xMention({ postedAt: `2026-11-20T11:${10 + i}:00.000Z`, text: 'finvo ok thanks' }),
    );
    const big = xMention({
      postedAt: '2026-11-20T09:00:00.000Z',
      authorFollowers: 80_000,
      text: 'Finvo is a scam, they stole my money',
    });
    await upload([...history, ...now, big]);
    const res = await api.json<MentionAlertsResponse>('GET', '/mentions/alerts', { as: 'manager' });
    expect(res.body.alerts).toEqual([
      expect.objectContaining({ kind: 'spike', count: 6, average: 1, factor: 6 }),
      expect.objectContaining({
        kind: 'high_reach_negative',
        authorHandle: 'upset_user',
        reach: 80_000,
        url: big.url,
      }),
    ]);
  });
});

describe.each(backends)('two teams in one process on $name', (backend) => {
  it("each database matches with its own team's terms, though both published version 1 at the same time", async () => {
    const a = await backend.open();
    const b = await backend.open();
    try {
      const at = '2026-11-20T12:00:00.000Z';
      for (const [database, include] of [
        [a, ['kovra']],
        [b, ['finvo']],
      ] as const) {
        await publishVersion(database.db, 'monitoring', {
          content: MonitoringSettingsSchema.parse({ terms: { include } }),
          by: 'mona',
          at,
          expected: undefined,
          what: 'Monitoring terms',
        });
      }
      const post = CapturedMentionSchema.parse(xMention({ text: 'Kovra froze my card' }));
      expect((await ingestMentions(a.db, [post], at))[0]!.outcome).toBe('created');
      // Team b never monitored "kovra": it must not borrow team a's compiled terms.
      expect((await ingestMentions(b.db, [post], at))[0]).toMatchObject({
        outcome: 'ignored',
        reason: 'no_match',
      });
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});
