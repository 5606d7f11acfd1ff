// @vitest-environment node
// The background's mention requests (issue 12) — publishing the terms, the manager's alerts, the
// ambassador's queue, and what content scripts hand in — against the real server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../../lib/background/handlers';
import type { MonitoringPublishResult } from '../../../lib/messaging/protocol';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RealTeam, startRealTeam } from '../sync/real-team';

let team: RealTeam;
beforeAll(async () => {
  team = await startRealTeam('rt-mention-handlers-', [
    ['maria', 'manager'],
    ['amber', 'ambassador'],
  ]);
});
afterAll(async () => team?.close());

async function member(name?: 'maria' | 'amber') {
  const db = team.database('rt-mh-');
  const sync = createSyncEngine({ db, fetch: (i, init) => fetch(i, init), version: 'test' });
  if (name) await sync.connect(team.server.url, team.tokens[name]!);
  const handlers = createHandlers({ db, sync, syncSoon: () => {} });
  const ask = async <T>(msg: Record<string, unknown>) =>
    (await dispatch(handlers, msg)) as { ok: true; data: T } | { ok: false; error: string };
  return { db, sync, ask };
}

const data = <T>(reply: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!reply.ok) throw new Error(`expected an answer, got: ${reply.error}`);
  return reply.data;
};

describe('publishing the terms from the background', () => {
  it('checks the draft before it leaves, publishes, names a conflict, and refuses an ambassador', async () => {
    const maria = await member('maria');
    const invalid = data(
      await maria.ask<MonitoringPublishResult>({
        type: 'publish-monitoring',
        settings: { terms: { include: ['x'.repeat(500)] } },
        baseVersion: 0,
      }),
    );
    expect(invalid).toMatchObject({ status: 'invalid', message: expect.stringMatching(/^Not published: /) });
    const stale = await maria.ask({
      type: 'publish-monitoring',
      settings: { terms: { include: [] } },
      baseVersion: -1,
    });
    expect(stale).toMatchObject({ ok: false, error: expect.stringMatching(/Reload the terms/) });

    const published = data(
      await maria.ask<MonitoringPublishResult>({
        type: 'publish-monitoring',
        settings: { terms: { include: ['finvo', '@FinvoApp'] } },
        baseVersion: 0,
      }),
    );
    expect(published).toMatchObject({ status: 'published', document: { version: 1, updatedBy: 'maria' } });
    const conflict = data(
      await maria.ask<MonitoringPublishResult>({
        type: 'publish-monitoring',
        settings: { terms: { include: ['finvo'] } },
        baseVersion: 0,
      }),
    );
    expect(conflict).toMatchObject({ status: 'conflict', currentVersion: 1 });

    const amber = await member('amber');
    const refused = await amber.ask({
      type: 'publish-monitoring',
      settings: { terms: { include: ['finvo'] } },
      baseVersion: 1,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/manager or a team lead/),
    });
  });
});

describe("the manager's alerts and the ambassador's queue", () => {
  it('answers null when not connected (or not a manager), else what the server says', async () => {
    const offline = await member();
    expect(data(await offline.ask({ type: 'mention-alerts' }))).toEqual({ alerts: null });
    expect(data(await offline.ask({ type: 'queue' }))).toEqual({ queue: null });

    // The team monitors "finvo" (whatever the test above left published).
    const head = await fetch(`${team.server.url}/api/v1/monitoring`, {
      headers: { Authorization: `Bearer ${team.tokens.maria}` },
    });
    const put = await fetch(`${team.server.url}/api/v1/monitoring`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${team.tokens.maria}`,
        'Content-Type': 'application/json',
        'If-Match': head.headers.get('etag')!,
      },
      body: JSON.stringify({ terms: { include: ['finvo'] } }),
    });
    expect(put.status).toBe(200);
    // A negative post from a big account an hour ago, captured by the ambassador's browser.
    const amber = await member('amber');
    await amber.sync.run({ manual: true });
    const postedAt = new Date(Date.now() - 3_600_000).toISOString();
    const captured = data(
      await amber.ask<{ queued: number }>({
        type: 'capture-mentions',
        mentions: [
          {
            platform: 'x',
            kind: 'post',
            postId: '1870000000000000001',
            url: 'https://x.com/big_account/status/1870000000000000001',
            authorHandle: '@big_account',
            authorFollowers: 250_000,
            text: 'Finvo froze my withdrawal for a week, this is a scam',
            postedAt,
            counts: { views: 40_000 },
            seenAt: postedAt,
            source: 'capture',
          },
        ],
      }),
    );
    expect(captured).toEqual({ queued: 1, refused: 0 });
    // What a page sends is checked again here: a malformed entry queues nothing and is counted.
    expect(data(await amber.ask({ type: 'capture-mentions', mentions: [{ platform: 'x' }] }))).toEqual({
      queued: 0,
      refused: 1,
    });
    await amber.sync.run({ manual: true });

    const maria = await member('maria');
    const { alerts } = data(
      await maria.ask<{ alerts: { alerts: { kind: string; authorHandle?: string }[] } }>({
        type: 'mention-alerts',
      }),
    );
    expect(alerts.alerts).toContainEqual(
      expect.objectContaining({ kind: 'high_reach_negative', authorHandle: '@big_account' }),
    );
    // An ambassador sees no alerts: they are the manager's.
    expect(data(await amber.ask({ type: 'mention-alerts' }))).toEqual({ alerts: null });

    const list = await fetch(`${team.server.url}/api/v1/mentions`, {
      headers: { Authorization: `Bearer ${team.tokens.maria}` },
    });
    const [mention] = ((await list.json()) as { mentions: { id: string }[] }).mentions;
    const assigned = await fetch(`${team.server.url}/api/v1/mentions/${mention!.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${team.tokens.maria}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ assignee: 'amber' }),
    });
    expect(assigned.status).toBe(200);
    const { queue } = data(
      await amber.ask<{ queue: { items: { reason: string; mentionId?: string; url: string }[] } }>({
        type: 'queue',
      }),
    );
    expect(queue.items).toEqual([
      expect.objectContaining({
        reason: 'assigned',
        mentionId: mention!.id,
        url: 'https://x.com/big_account/status/1870000000000000001',
      }),
    ]);
  });
});
