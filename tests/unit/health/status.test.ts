import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { NetworkSignal } from '../../../lib/capture/signals';
import { networkHealth } from '../../../lib/health/network';
import { describeTeamWarning, healthWarnings, teamHealthWarnings } from '../../../lib/health/status';
import type { HealthObservation, HealthRecord } from '../../../lib/schemas/health';
import { listHealth, recordHealth } from '../../../lib/storage/health';
import { freshDbs, shippedV3 } from '../storage/fresh-db';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const V = '0.1.0';

const record = (over: Partial<HealthRecord>): HealthRecord => ({
  platform: 'x',
  page: 'home',
  check: 'like-button',
  signal: 'dom',
  affects: ['likes'],
  firstSeen: '2026-11-26T09:00:00.000Z',
  lastSeen: '2026-11-26T09:30:00.000Z',
  version: V,
  count: 1,
  ...over,
});
const domLikes = record({});
const netLikes = record({ page: 'any', check: 'answer:like', signal: 'network' });

describe('what the member is told', () => {
  it.each<[string, HealthRecord[], string[]]>([
    ['nothing failed', [], []],
    [
      'likes lost both signals',
      [domLikes, netLikes],
      [
        'at-risk: X changed its page: likes may not be counted until Reply Tracker is updated; your replies are still counted.',
      ],
    ],
    [
      'only the page changed: likes still come from the answers',
      [domLikes],
      [
        "degraded: X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
      ],
    ],
    [
      'only the answers changed',
      [
        record({
          platform: 'youtube',
          page: 'any',
          check: 'answer:comment',
          signal: 'network',
          affects: ['replies'],
        }),
      ],
      [
        'degraded: YouTube changed its page: Reply Tracker still counts your replies from what the page shows until it is updated.',
      ],
    ],
    [
      'a check that passed since',
      [domLikes, { ...netLikes, okAt: '2026-11-26T09:45:00.000Z' }],
      [
        "degraded: X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
      ],
    ],
    ['records of an older version (an update may have fixed it)', [{ ...domLikes, version: '0.0.9' }], []],
    ['a record not seen for over a week', [{ ...domLikes, lastSeen: '2026-11-10T09:00:00.000Z' }], []],
    [
      'a missing field only (nothing lost, for the team)',
      [record({ check: 'fields:reply', signal: 'network', affects: [] })],
      [],
    ],
  ])('%s', (_, records, expected) => {
    expect(healthWarnings(records, V, NOW).map((w) => `${w.level}: ${w.message}`)).toEqual(expected);
  });
});

describe('what network signals say about health', () => {
  const base = { op: 'like' as const, targetId: '1', requestId: 'r1' };
  it.each<[string, NetworkSignal, string[], string[]]>([
    [
      'an unreadable answer',
      { kind: 'unreadable', ...base, reason: 'FavoriteTweet: not done' },
      ['answer:like'],
      [],
    ],
    ['a confirmed answer', { kind: 'confirmed', ...base }, [], ['answer:like', 'fields:like']],
    [
      'a confirmed answer missing fields',
      { kind: 'confirmed', ...base, missing: ['legacy.full_text'] },
      ['fields:like'],
      ['answer:like'],
    ],
    ['a refusal says nothing about us', { kind: 'failed', ...base, reason: 'HTTP 403' }, [], []],
    [
      'a renamed operation',
      {
        kind: 'drift',
        check: 'unknown-operation:FavoriteTweetV2',
        op: 'like',
        detail: 'x',
        shape: ['variables'],
      },
      ['unknown-operation:FavoriteTweetV2'],
      [],
    ],
  ])('%s', (_, signal, failed, passed) => {
    const news = networkHealth('x', signal);
    expect(news.failed.map((f) => f.check)).toEqual(failed);
    expect(news.passed.map((p) => p.check)).toEqual(passed);
  });
});

describe('the kept records (Dexie v6)', () => {
  const { fresh } = freshDbs('rt-health');
  const obs: HealthObservation = {
    platform: 'x',
    page: 'home',
    check: 'like-button',
    signal: 'dom',
    affects: ['likes'],
  };

  it('opens a v3 database, keeps its events and adds the health table', async () => {
    const name = `rt-health-${crypto.randomUUID()}`;
    await shippedV3(name);
    const db = fresh(name);
    expect(await db.kv.get('k')).toEqual({ key: 'k', value: 1 });
    expect(await db.health.count()).toBe(0);
    expect(db.verno).toBeGreaterThanOrEqual(6);
  });

  it('keeps first and last seen and a count, ends a record when the check passes, and reopens it', async () => {
    const db = fresh();
    const at = (m: number) => new Date(NOW.getTime() + m * 60_000);
    expect(await recordHealth(db, { failed: [obs], passed: [] }, V, at(0))).toBe(true);
    expect(await recordHealth(db, { failed: [obs], passed: [] }, V, at(5))).toBe(false);
    let [r] = await listHealth(db);
    expect(r).toMatchObject({
      count: 2,
      firstSeen: at(0).toISOString(),
      lastSeen: at(5).toISOString(),
      version: V,
    });
    expect(await recordHealth(db, { failed: [], passed: [obs] }, V, at(6))).toBe(true);
    [r] = await listHealth(db);
    expect(r?.okAt).toBe(at(6).toISOString());
    expect(await recordHealth(db, { failed: [obs], passed: [] }, V, at(7))).toBe(true);
    [r] = await listHealth(db);
    expect(r).toMatchObject({ count: 1, firstSeen: at(7).toISOString() });
  });
});

describe('what the manager is told', () => {
  it('judges like the sidebar, and dates it from the earliest check behind it', () => {
    const earlier = record({
      page: 'status',
      check: 'reply-button',
      affects: ['replies'],
      firstSeen: '2026-11-26T08:00:00.000Z',
    });
    const [w] = teamHealthWarnings([domLikes, netLikes, earlier], V, NOW);
    expect(w).toEqual({
      platform: 'x',
      level: 'at-risk',
      atRisk: ['likes'],
      degraded: ['replies'],
      since: '2026-11-26T08:00:00.000Z',
      checks: ['answer:like', 'like-button', 'reply-button'],
    });
    expect(describeTeamWarning(w!)).toBe(
      'X changed its page: likes may not be counted; replies are still counted, from one signal instead of two.',
    );
  });

  it('says nothing about records an update may have fixed, passed since, or that lose no counts', () => {
    expect(teamHealthWarnings([domLikes, netLikes], '0.2.0', NOW)).toEqual([]);
    expect(teamHealthWarnings([{ ...domLikes, okAt: '2026-11-26T09:45:00.000Z' }], V, NOW)).toEqual([]);
    expect(teamHealthWarnings([record({ check: 'fields:reply', affects: [] })], V, NOW)).toEqual([]);
  });
});
