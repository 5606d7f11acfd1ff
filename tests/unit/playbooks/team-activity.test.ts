// @vitest-environment node
// A teammate's reply reaching another member's sidebar: the background's `team-activity` request, through
// the sync engine, against the real server with a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RealTeam, startRealTeam } from '../sync/real-team';

let team: RealTeam;

beforeAll(async () => {
  team = await startRealTeam('rt-team-activity-', [
    ['kate', 'ambassador'],
    ['oleg', 'ambassador'],
  ]);
});
afterAll(async () => team?.close());

function browserOf() {
  const db = team.database('rt-team-');
  const sync = createSyncEngine({ db, fetch: (i, init) => fetch(i, init), version: 'test' });
  return { sync, handlers: createHandlers({ db, sync }) };
}

describe('team activity in the sidebar', () => {
  it("shows kate's reply in oleg's sidebar once it synced; nothing to show when not connected", async () => {
    const kate = browserOf();
    const oleg = browserOf();
    const ask = {
      platform: 'x' as const,
      targetId: '1879243385020211521',
      conversationId: '1879240412331106712',
    };
    expect(await oleg.handlers['team-activity']({ type: 'team-activity', ...ask })).toEqual({ events: null });

    await kate.sync.connect(team.server.url, team.tokens.kate!);
    await oleg.sync.connect(team.server.url, team.tokens.oleg!);
    await kate.handlers['log-action']({
      type: 'log-action',
      action: {
        platform: 'x',
        action: 'reply',
        targetId: ask.targetId,
        conversationId: ask.conversationId,
        pageUrl: 'https://x.com/jakeonchain/status/1879243385020211521',
        replyId: '1879250000000000001',
        replyText: 'Not a scam, mine took 36h: manual review',
        occurredAt: new Date().toISOString(),
        source: 'network',
        dedupeKey: 'x:reply:1',
        templateId: 'my-outcome',
        playbookId: 'trust-doubt',
      },
    });
    await kate.sync.run({ manual: true });

    const { events } = await oleg.handlers['team-activity']({ type: 'team-activity', ...ask });
    expect(events).toEqual([
      expect.objectContaining({
        member: 'kate',
        action: 'reply',
        replyText: 'Not a scam, mine took 36h: manual review',
        replyId: '1879250000000000001',
      }),
    ]);
  });
});
