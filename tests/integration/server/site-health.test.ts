// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HealthRecord, TeamHealthResponse } from '../../../lib/schemas/health';
import { MAX_HEALTH_RECORDS } from '../../../lib/schemas/health';
import { backends, setupApi, type TestApi } from './helpers';

const VERSION = '1.4.0';

/** A record as the extension keeps it; the clock of the helpers reads 2026-11-20T12:00Z. */
function record(overrides: Partial<HealthRecord> = {}): HealthRecord {
  return {
    platform: 'x',
    page: 'home',
    check: 'like-button',
    signal: 'dom',
    affects: ['likes'],
    detail: 'no [data-testid="like"] in 12 × article[data-testid="tweet"]',
    firstSeen: '2026-11-20T11:00:00.000Z',
    lastSeen: '2026-11-20T11:30:00.000Z',
    version: VERSION,
    count: 3,
    ...overrides,
  };
}

const likesAnswerUnreadable = (overrides: Partial<HealthRecord> = {}) =>
  record({
    page: 'any',
    check: 'answer:like',
    signal: 'network',
    detail: 'FavoriteTweet: answer is not JSON',
    firstSeen: '2026-11-20T11:10:00.000Z',
    ...overrides,
  });

describe.each(backends)('site health on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const upload = (records: HealthRecord[], as = 'ambassador', version = VERSION) =>
    api.json<{ stored: number; serverTime: string }>('POST', '/me/health', {
      as,
      body: { version, records },
    });
  const team = (as = 'manager') => api.json<TeamHealthResponse>('GET', '/team/health', { as });

  it('a member whose likes have no working signal left shows up for the manager and the lead, since the first sighting', async () => {
    const res = await upload([record(), likesAnswerUnreadable()]);
    expect(res).toEqual({ status: 200, body: { stored: 2, serverTime: '2026-11-20T12:00:00.000Z' } });

    const seen = await team();
    expect(seen.status).toBe(200);
    expect(seen.body.members).toHaveLength(1);
    const [amber] = seen.body.members;
    expect(amber).toMatchObject({
      name: 'amber',
      role: 'ambassador',
      clientVersion: VERSION,
      warnings: [
        {
          platform: 'x',
          level: 'at-risk',
          atRisk: ['likes'],
          degraded: [],
          since: '2026-11-20T11:00:00.000Z',
          checks: ['answer:like', 'like-button'],
        },
      ],
    });
    expect(amber!.records.map((r) => r.check).sort()).toEqual(['answer:like', 'like-button']);
    expect((await team('lead')).body).toEqual(seen.body);
  });

  it('members are refused the team view (403), and nobody without a token uploads', async () => {
    const res = await team('ambassador');
    expect(res.status).toBe(403);
    expect((await upload([record()], 'none')).status).toBe(401);
  });

  it('one row per member and check: a newer sighting updates it, an older copy arriving late does not bring it back', async () => {
    await upload([record()]);
    await upload([record({ lastSeen: '2026-11-20T11:50:00.000Z', count: 7 })]);
    const late = await upload([record({ lastSeen: '2026-11-20T11:40:00.000Z', count: 5 })]);
    expect(late.body.stored).toBe(0);
    const rows = await api.db.selectFrom('site_health').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ last_seen: '2026-11-20T11:50:00.000Z', count: 7 });
  });

  it('the same check twice in one upload is one record, the newer sighting kept (it was a 500)', async () => {
    const res = await upload([
      record({ count: 2 }),
      record({ lastSeen: '2026-11-20T11:45:00.000Z', count: 4 }),
      record(),
    ]);
    expect(res.status).toBe(200);
    const rows = await api.db.selectFrom('site_health').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ last_seen: '2026-11-20T11:45:00.000Z', count: 4 });
  });

  it('a check that passed again, or one only an older version saw, is no longer a warning', async () => {
    await upload([record(), likesAnswerUnreadable()]);
    await upload([record({ okAt: '2026-11-20T11:55:00.000Z' })]);
    const { members } = (await team()).body;
    // The DOM came back; the unreadable answer still stands, so likes are degraded, no longer at risk.
    expect(members[0]?.warnings).toEqual([
      expect.objectContaining({
        level: 'degraded',
        atRisk: [],
        degraded: ['likes'],
        checks: ['answer:like'],
      }),
    ]);

    // The member updated the extension and the failure was not seen since: nothing to report.
    await upload([], 'ambassador', '1.5.0');
    expect((await team()).body.members).toEqual([]);
  });

  it('healthy members and checks that lose nothing raise no warning', async () => {
    expect((await team()).body.members).toEqual([]);
    await upload([
      record({
        page: 'any',
        check: 'fields:reply',
        signal: 'network',
        affects: [],
        detail: 'answer read, missing: legacy.conversation_id_str',
      }),
    ]);
    const { members } = (await team()).body;
    expect(members).toHaveLength(1);
    expect(members[0]!.warnings).toEqual([]);
    expect(members[0]!.records[0]).toMatchObject({ check: 'fields:reply', affects: [] });
  });

  it("an unknown operation's shape is kept as key paths", async () => {
    const shape = ['queryId', 'variables', 'variables.tweet_id'];
    await upload([
      record({
        page: 'any',
        check: 'unknown-operation:FavoriteTweetV2',
        signal: 'network',
        shape,
        detail: 'X called FavoriteTweetV2, which looks like one of ours but is not one we read',
      }),
    ]);
    expect((await team()).body.members[0]!.records[0]!.shape).toEqual(shape);
  });

  it('nothing is dated in the future, and old sightings are history', async () => {
    await upload([record({ firstSeen: '2026-11-21T00:00:00.000Z', lastSeen: '2026-11-21T01:00:00.000Z' })]);
    const row = await api.db.selectFrom('site_health').selectAll().executeTakeFirstOrThrow();
    expect(row.first_seen).toBe('2026-11-20T12:00:00.000Z');
    expect(row.last_seen).toBe('2026-11-20T12:00:00.000Z');
    api.clock.advance(8 * 24 * 3_600_000);
    expect((await team()).body.members).toEqual([]);
  });

  it('keeps at most MAX_HEALTH_RECORDS per member, dropping the oldest sightings', async () => {
    const minute = (i: number) => new Date(Date.parse('2026-11-20T08:00:00.000Z') + i * 60_000).toISOString();
    const many = Array.from({ length: MAX_HEALTH_RECORDS }, (_, i) =>
      record({ check: `unknown-operation:Op${i}`, firstSeen: minute(i), lastSeen: minute(i) }),
    );
    await upload(many);
    await upload([
      record({ check: 'unknown-operation:Newer1', firstSeen: minute(230), lastSeen: minute(230) }),
      record({ check: 'unknown-operation:Newer2', firstSeen: minute(231), lastSeen: minute(231) }),
    ]);
    const rows = await api.db.selectFrom('site_health').select('check_id').execute();
    expect(rows).toHaveLength(MAX_HEALTH_RECORDS);
    const ids = rows.map((r) => r.check_id);
    expect(ids).not.toContain('unknown-operation:Op0');
    expect(ids).not.toContain('unknown-operation:Op1');
    expect(ids).toContain('unknown-operation:Newer2');
  });

  it('refuses a malformed upload with the field named, storing nothing', async () => {
    const res = await api.json<{ error: { code: string; issues?: { path: (string | number)[] }[] } }>(
      'POST',
      '/me/health',
      { body: { version: VERSION, records: [{ ...record(), check: 'has spaces and "quotes"' }] } },
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('check');
    expect(await api.db.selectFrom('site_health').selectAll().execute()).toEqual([]);
  });
});
