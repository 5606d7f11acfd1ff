import type { ActivityEvent } from '../../../lib/schemas/event';
import type { Role } from '../../../lib/schemas/member';
import type { NewTrackedThread } from '../../../lib/schemas/thread';
import { addMember } from '../../../server/core/members';
import { makeEvent, sendAsItHappened, statusId, type TestApi } from '../server/helpers';

/*
 * A month of a small team's work, November 2026, reported in Europe/Moscow (UTC+3 all year):
 * - ana works on X only, bo on YouTube only, cy on both; dee was only active in October; eve never;
 * - amber's only November action is a like at 2026-10-31T23:30Z, already 1 November in Moscow;
 * - dee's like at 2026-10-31T20:59:59.999Z is still 31 October there; a like at
 *   2026-11-30T21:00:00Z is 1 December there and belongs to no period here;
 * - tracked threads answered in time, late, never, closed without reply, still in time.
 */

export const TZ = 'Europe/Moscow';
export const MOSCOW_OFFSET_MS = 3 * 3_600_000;
/** "Now" for SLA purposes: the month is still running. */
export const NOW = '2026-11-20T12:00:00.000Z';

export type Seeded = ActivityEvent & { member: string };

export interface SeededMonth {
  events: Seeded[];
  threads: Record<string, { id: string; canonicalId: string; platform: 'x' | 'youtube' }>;
  tokens: Record<string, string>;
}

const at = (day: number, hour = 9, month = 11) =>
  new Date(Date.UTC(2026, month - 1, day, hour)).toISOString();

export async function seedMonth(api: TestApi): Promise<SeededMonth> {
  const tokens: Record<string, string> = { amber: api.tokens.ambassador };
  const people: [string, Role][] = [
    ['ana', 'ambassador'],
    ['bo', 'ambassador'],
    ['cy', 'ambassador'],
    ['dee', 'ambassador'],
    ['eve', 'ambassador'],
  ];
  for (const [name, role] of people) {
    tokens[name] = (await addMember(api.db, { name, role }, api.clock.read())).token;
  }

  const events: Seeded[] = [];
  const log = (member: string, e: Partial<ActivityEvent>) => {
    const platform = e.platform ?? 'x';
    const targetId = e.targetId ?? (platform === 'x' ? statusId() : `v${statusId()}`);
    events.push({
      ...makeEvent({
        targetId,
        pageUrl:
          platform === 'x'
            ? `https://x.com/u/status/${targetId}`
            : `https://www.youtube.com/watch?v=${targetId}`,
        ...e,
      }),
      member,
    });
  };

  for (let d = 1; d <= 30; d++) {
    log('ana', {
      action: 'reply',
      occurredAt: at(d),
      category: 'support_needed',
      replyId: statusId(),
      replyText: `day ${d}`,
    });
    for (const h of [10, 11]) {
      const targetId = statusId();
      log('ana', { action: 'like', occurredAt: at(d, h), targetId, category: 'positive_neutral' });
      if (d % 5 === 0 && h === 10) log('ana', { action: 'unlike', occurredAt: at(d, 12), targetId });
    }
    if (d % 2 === 0) {
      log('bo', {
        platform: 'youtube',
        action: 'comment',
        occurredAt: at(d, 14),
        category: 'trust_doubt',
        replyId: `Ug${d}`,
      });
    }
    log('bo', { platform: 'youtube', action: 'like', occurredAt: at(d, 15) });
    if (d <= 10) log('cy', { action: 'reply', occurredAt: at(d, 16), category: 'rumor_narrative' });
    else if (d <= 20) {
      log('cy', {
        platform: 'youtube',
        action: 'comment',
        occurredAt: at(d, 16),
        category: 'rumor_narrative',
      });
    } else log('cy', { action: 'like', occurredAt: at(d, 16), category: 'rumor_narrative' });
  }
  log('cy', { platform: 'youtube', action: 'unlike', occurredAt: at(25, 17) });
  log('cy', { platform: 'youtube', action: 'unlike', occurredAt: at(25, 18) });

  // Month boundaries in Moscow.
  log('amber', { action: 'like', occurredAt: '2026-10-31T23:30:00.000Z' });
  log('dee', { action: 'like', occurredAt: '2026-10-31T20:59:59.999Z' });
  log('cy', { action: 'like', occurredAt: '2026-11-30T21:00:00.000Z' });

  // October.
  for (let d = 10; d <= 14; d++)
    log('dee', { action: 'reply', occurredAt: at(d, 9, 10), category: 'trust_doubt' });
  for (let i = 0; i < 3; i++) log('ana', { action: 'like', occurredAt: at(5, 9 + i, 10) });

  // A conversation that keeps coming back (1 action in October, 4 in November) and one that faded.
  const growing = statusId();
  const fading = statusId();
  log('dee', {
    action: 'like',
    occurredAt: at(20, 9, 10),
    conversationId: growing,
    category: 'rumor_narrative',
  });
  for (const [i, who] of (['ana', 'cy', 'ana', 'cy'] as const).entries()) {
    log(who, {
      action: 'like',
      occurredAt: at(6 + i, 20),
      conversationId: growing,
      category: 'rumor_narrative',
    });
  }
  for (let i = 0; i < 3; i++)
    log('dee', { action: 'like', occurredAt: at(21 + i, 9, 10), conversationId: fading });
  log('ana', { action: 'like', occurredAt: at(7, 21), conversationId: fading });

  // Tracked threads, created by the manager at the given instants.
  const threads: SeededMonth['threads'] = {};
  const track = async (key: string, createdAt: string, t: Partial<NewTrackedThread>) => {
    api.clock.now = new Date(createdAt);
    const platform = t.platform ?? 'x';
    const canonicalId = platform === 'x' ? statusId() : `v${statusId()}`;
    const url =
      platform === 'x'
        ? `https://x.com/u/status/${canonicalId}`
        : `https://www.youtube.com/watch?v=${canonicalId}`;
    const res = await api.json<{ id: string }>('POST', '/threads', {
      as: 'manager',
      body: { platform, url, canonicalId, category: 'support_needed', ...t },
    });
    if (res.status !== 201) throw new Error(`track ${key}: ${res.status}`);
    threads[key] = { id: res.body.id, canonicalId, platform };
  };
  await track('TP', '2026-10-20T10:00:00.000Z', { category: 'support_needed' });
  await track('T0', '2026-10-31T22:00:00.000Z', { category: 'technical_question' });
  await track('T1', '2026-11-02T10:00:00.000Z', { category: 'support_needed' });
  await track('T2', '2026-11-03T10:00:00.000Z', { category: 'trust_doubt', platform: 'youtube' });
  await track('T3', '2026-11-04T00:00:00.000Z', { category: 'incident_complaint' });
  await track('T4', '2026-11-10T00:00:00.000Z', { category: 'rumor_narrative' });
  await track('T5', '2026-11-11T00:00:00.000Z', { category: 'trolling' });
  await track('T6', '2026-11-19T12:00:00.000Z', { category: 'positive_neutral' });
  const answer = (who: string, key: string, occurredAt: string) => {
    const t = threads[key]!;
    log(who, {
      platform: t.platform,
      action: t.platform === 'x' ? 'reply' : 'comment',
      targetId: t.canonicalId,
      occurredAt,
      replyId: `r${statusId()}`,
    });
  };
  answer('dee', 'TP', '2026-10-20T12:00:00.000Z'); // 2 h
  answer('ana', 'T0', '2026-11-01T09:00:00.000Z'); // 11 h, within 24 h
  answer('ana', 'T1', '2026-11-02T15:00:00.000Z'); // 5 h
  answer('bo', 'T2', '2026-11-05T10:00:00.000Z'); // 48 h: late
  answer('cy', 'T3', '2026-11-04T03:00:00.000Z'); // 3 h, within 4 h
  answer('ana', 'T3', '2026-11-04T05:00:00.000Z'); // second reply: not the first

  const byMember = new Map<string, ActivityEvent[]>();
  for (const { member, ...e } of events) byMember.set(member, [...(byMember.get(member) ?? []), e]);
  for (const [member, list] of byMember) await sendAsItHappened(api, list, tokens[member]!);
  api.clock.now = new Date('2026-11-05T00:00:00.000Z');
  for (const key of ['T3', 'T5']) {
    await api.req('PATCH', `/threads/${threads[key]!.id}`, { as: 'manager', body: { status: 'closed' } });
  }
  api.clock.now = new Date(NOW);
  return { events, threads, tokens };
}

/** Moscow's calendar date of an instant, by fixed offset: an independent check of the zone arithmetic. */
export const moscowDate = (iso: string) =>
  new Date(Date.parse(iso) + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
export const inMoscowMonth = (iso: string, month: string) => moscowDate(iso).startsWith(month);
export const isReply = (e: { action: string }) => e.action === 'reply' || e.action === 'comment';
