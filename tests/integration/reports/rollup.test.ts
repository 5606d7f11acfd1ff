// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_IDS } from '../../../lib/schemas/categories';
import type { ActivityEvent } from '../../../lib/schemas/event';
import {
  type NarrativeCategory,
  NarrativesResponseSchema,
  type ReportCategory,
  UNCATEGORISED,
} from '../../../lib/schemas/reports';
import { addMember } from '../../../server/core/members';
import { createMigrator, MIGRATION_NAMES, migrateToLatest } from '../../../server/db/migrate';
import { monthsEndingWith, resolvePeriods } from '../../../server/reports/period';
import { backends, makeEvent, sendAsItHappened, setupApi, type TestApi } from '../server/helpers';

// The narratives report reads the conversation roll-up (migration 009), kept by triggers on events.
// Random events near the zones' month boundaries, resent, unliked, moved, recategorised and deleted;
// then the report must equal the same figures counted from scratch over every event, in zones whose
// months begin hours before or after the UTC ones, on half and three-quarter hours, and across DST.

/** mulberry32: the same events on every run with the same seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261126;
const ZONES = [
  'UTC',
  'America/New_York',
  'Pacific/Kiritimati', // UTC+14: its months begin the day before the UTC ones
  'Pacific/Pago_Pago', // UTC-11
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Australia/Lord_Howe', // half-hour DST
  'Europe/Berlin',
];
const ORDER: readonly ReportCategory[] = [...CATEGORY_IDS, UNCATEGORISED];
const CATEGORIES = [undefined, 'trust_doubt', 'support_needed', 'rumor_narrative'] as const;
const ACTIONS = ['reply', 'comment', 'like', 'unlike', 'like'] as const;
// Before the test clock (2026-11-20T12:00Z), so nothing is refused as dated in the future.
const LAST = Date.parse('2026-11-20T11:00:00.000Z');

interface Row {
  id: string;
  action: string;
  category: string | null;
  conversation_key: string;
  counted_at: string;
}

/** The narrative months of a report, counted from every event: no roll-up, no SQL. */
function fromScratch(rows: readonly Row[], month: string, tz: string): NarrativeCategory[] {
  const { period } = resolvePeriods({ month }, tz);
  const { months, starts } = monthsEndingWith(period, 6);
  // Per stored category (none apart), as the report defines it, then named as the report names it.
  const perRaw = new Map<string, { actions: number; conversations: Set<string> }[]>();
  for (const r of rows) {
    if (r.action === 'unlike') continue;
    const t = Date.parse(r.counted_at);
    const i = starts.findIndex((s, k) => k < months.length && s <= t && t < starts[k + 1]!);
    if (i < 0) continue;
    const key = r.category ?? '';
    const s = perRaw.get(key) ?? months.map(() => ({ actions: 0, conversations: new Set<string>() }));
    perRaw.set(key, s);
    s[i]!.actions += 1;
    s[i]!.conversations.add(r.conversation_key);
  }
  const named = new Map<ReportCategory, NarrativeCategory['months']>();
  for (const [raw, s] of perRaw) {
    const c: ReportCategory = (CATEGORY_IDS as readonly string[]).includes(raw)
      ? (raw as ReportCategory)
      : UNCATEGORISED;
    const out =
      named.get(c) ?? months.map((m) => ({ month: m, conversations: 0, actions: 0, threadsTracked: 0 }));
    named.set(c, out);
    s.forEach((x, i) => {
      out[i]!.actions += x.actions;
      out[i]!.conversations += x.conversations.size;
    });
  }
  return ORDER.filter((c) => named.has(c)).map((category) => {
    const m = named.get(category)!;
    const growth = m.at(-1)!.conversations - m.at(-2)!.conversations;
    return { category, months: m, growing: growth > 0, growth };
  });
}

describe.each(backends)('the conversation roll-up on $name', (backend) => {
  let api: TestApi;
  const rand = random(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  // Most events within a day and a half of a UTC month start (where zones' months differ), the rest anywhere.
  const boundaries = Array.from({ length: 9 }, (_, i) => Date.UTC(2026, 2 + i, 1));
  const instant = () => {
    const t =
      rand() < 0.7
        ? pick(boundaries) + Math.round((rand() * 2 - 1) * 36 * 3_600_000)
        : Date.UTC(2026, 2, 1) + Math.round(rand() * (LAST - Date.UTC(2026, 2, 1)));
    return new Date(Math.min(LAST, t)).toISOString();
  };
  const conversations = Array.from({ length: 24 }, (_, i) => String(1_700_000_000_000_000_000n + BigInt(i)));

  const rowsNow = async () =>
    (await api.db
      .selectFrom('events')
      .select(['id', 'action', 'category', 'conversation_key', 'counted_at'])
      .execute()) as Row[];

  beforeAll(async () => {
    api = await setupApi(backend);
    const events: ActivityEvent[] = Array.from({ length: 320 }, () => {
      const youtube = rand() < 0.3;
      const conv = pick(conversations);
      const category = pick(CATEGORIES);
      return makeEvent({
        platform: youtube ? 'youtube' : 'x',
        action: youtube
          ? pick(['comment', 'like', 'unlike'] as const)
          : pick(ACTIONS.filter((a) => a !== 'comment')),
        ...(youtube
          ? { targetId: `v${conv.slice(-2)}`, pageUrl: `https://www.youtube.com/watch?v=v${conv.slice(-2)}` }
          : rand() < 0.8
            ? { conversationId: conv }
            : {}),
        ...(category ? { category } : {}),
        occurredAt: instant(),
      });
    });
    await sendAsItHappened(api, events);
    // Resent (an outbox retrying): stored once.
    await sendAsItHappened(api, events.slice(0, 60));
    const twice = makeEvent({ conversationId: conversations[0]!, occurredAt: '2026-11-20T10:00:00.000Z' });
    const res = await api.json<{ accepted: string[]; duplicates: string[] }>('POST', '/events', {
      body: { events: [twice, twice] },
    });
    expect(res.body.accepted).toEqual([twice.id]);
  }, 120_000);
  afterAll(() => api.cleanup());

  it('holds, after every kind of write, exactly what counting the events from scratch gives', async () => {
    const all = await rowsNow();
    expect(all.length).toBe(321);
    // Events moved to another time and category one by one (each a row change), some to none.
    for (const r of all.filter(() => rand() < 0.15)) {
      const at = instant();
      await api.db
        .updateTable('events')
        .set({ counted_at: at, occurred_at: at, received_at: at, category: pick(CATEGORIES) ?? null })
        .where('id', '=', r.id)
        .execute();
    }
    // A like turned into an unlike (it stops counting) and an unlike into a like.
    const like = all.find((r) => r.action === 'like')!;
    const unlike = all.find((r) => r.action === 'unlike')!;
    await api.db.updateTable('events').set({ action: 'unlike' }).where('id', '=', like.id).execute();
    await api.db.updateTable('events').set({ action: 'like' }).where('id', '=', unlike.id).execute();
    // Many rows in one statement, as a fix by hand or the e2e harness's countAsHappened would.
    await api.db
      .updateTable('events')
      .set({ category: 'rumor_narrative' })
      .where('category', 'is', null)
      .where('action', '=', 'reply')
      .execute();
    // Deleted, one by one and many at once.
    const gone = all.filter(() => rand() < 0.12).map((r) => r.id);
    await api.db.deleteFrom('events').where('id', '=', gone[0]!).execute();
    await api.db.deleteFrom('events').where('id', 'in', gone.slice(1)).execute();

    const rows = await rowsNow();
    expect(rows.length).toBe(321 - gone.length);
    const expected = new Map<string, number>();
    for (const r of rows) {
      if (r.action === 'unlike') continue;
      const key = `${r.counted_at.slice(0, 7)}|${r.category ?? ''}|${r.conversation_key}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const stored = await api.db.selectFrom('conversation_months').selectAll().execute();
    expect(
      Object.fromEntries(stored.map((r) => [`${r.month}|${r.category}|${r.conversation_key}`, Number(r.n)])),
    ).toEqual(Object.fromEntries(expected));

    for (const tz of ZONES) {
      for (const month of ['2026-10', '2026-11']) {
        const res = await api.json('GET', `/reports/narratives?month=${month}&tz=${encodeURIComponent(tz)}`, {
          as: 'manager',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const report = NarrativesResponseSchema.parse(res.body);
        expect(report.categories, `${tz} ${month}`).toEqual(fromScratch(rows, month, tz));
      }
    }
  }, 120_000);
});

describe.each(backends)('migration 009_conversation_months on $name', (backend) => {
  it('rolls up the events already stored', async () => {
    const database = await backend.open({ migrate: false });
    try {
      const { db } = database;
      const names = MIGRATION_NAMES.filter((n) => n < '009');
      await (await createMigrator(db)).migrateTo(names.at(-1)!);
      await addMember(db, { name: 'amber', role: 'ambassador' }, new Date());
      const member = (await db.selectFrom('members').select('id').executeTakeFirstOrThrow()).id;
      const event = (id: string, action: string, category: string | null, conv: string, at: string) => ({
        id,
        member_id: member,
        platform: 'x',
        action,
        target_id: id,
        target_author: null,
        conversation_id: conv,
        page_url: 'https://x.com/a/status/1',
        reply_id: null,
        reply_text: null,
        category,
        suggested_category: null,
        playbook_id: null,
        template_id: null,
        occurred_at: at,
        source: 'network',
        received_at: at,
        conversation_key: `x:${conv}`,
        counted_at: at,
      });
      await db
        .insertInto('events')
        .values([
          event('a', 'reply', null, '1', '2026-10-31T23:59:59.999Z'),
          event('b', 'like', null, '1', '2026-10-01T00:00:00.000Z'),
          event('c', 'unlike', null, '1', '2026-10-02T00:00:00.000Z'),
          event('d', 'like', 'trust_doubt', '1', '2026-11-01T00:00:00.000Z'),
          event('e', 'comment', 'trust_doubt', '2', '2026-11-01T00:00:00.000Z'),
        ])
        .execute();
      expect(await migrateToLatest(db)).toContain('009_conversation_months');
      const rows = await db
        .selectFrom('conversation_months')
        .selectAll()
        .orderBy(['month', 'category', 'conversation_key'])
        .execute();
      expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
        { month: '2026-10', category: '', conversation_key: 'x:1', n: 2 },
        { month: '2026-11', category: 'trust_doubt', conversation_key: 'x:1', n: 1 },
        { month: '2026-11', category: 'trust_doubt', conversation_key: 'x:2', n: 1 },
      ]);
    } finally {
      await database.cleanup();
    }
  });
});
