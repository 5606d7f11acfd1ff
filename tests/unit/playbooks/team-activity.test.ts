// @vitest-environment node
// A teammate's reply reaching another member's sidebar: the background's `team-activity` request, through
// the sync engine, against the real server with a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { ReplyTrackerDB } from '../../../lib/storage/db';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RunningServer, startServer } from '../../../server/server';

let server: RunningServer;
let dir: string;
const tokens: Record<string, string> = {};
const dbs: ReplyTrackerDB[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rt-team-activity-'));
  server = await startServer({
    database: { kind: 'sqlite', path: join(dir, 'db.sqlite') },
    port: 0,
    host: '127.0.0.1',
    rateLimit: false,
    log: () => {},
  });
  for (const name of ['kate', 'oleg']) {
    const res = await fetch(`${server.url}/api/v1/members`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, role: 'ambassador' }),
    });
    tokens[name] = ((await res.json()) as { token: string }).token;
  }
});
afterAll(async () => {
  await server?.close();
  for (const db of dbs) {
    db.close();
    await Dexie.delete(db.name);
  }
  rmSync(dir, { recursive: true, force: true });
});

function browserOf() {
  const db = new ReplyTrackerDB(`rt-team-${crypto.randomUUID()}`);
  dbs.push(db);
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

    await kate.sync.connect(server.url, tokens.kate!);
    await oleg.sync.connect(server.url, tokens.oleg!);
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
