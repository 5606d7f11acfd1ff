// @vitest-environment node
// Publishing and picking up playbooks through the background's requests, against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../../lib/background/handlers';
import {
  type Envelope,
  PRIVILEGED_REQUESTS,
  type PublishResult,
  type Request,
  type RequestType,
  type Response,
} from '../../../lib/messaging/protocol';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import type { PlaybookContent } from '../../../lib/schemas/playbook';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RealTeam, startRealTeam } from './real-team';

let team: RealTeam;

beforeAll(async () => {
  team = await startRealTeam('rt-playbooks-real-', [
    ['amber', 'ambassador'],
    ['maria', 'manager'],
    ['lena', 'lead'],
  ]);
});
afterAll(async () => team?.close());

/** One member's extension: its own database, engine and background handlers. */
async function browserOf(name: string | undefined, opts: { online?: () => boolean } = {}) {
  const db = team.database('rt-pb-');
  const online = opts.online ?? (() => true);
  const changes: string[] = [];
  const sync = createSyncEngine({
    db,
    fetch: (i, init) => (online() ? fetch(i, init) : Promise.reject(new TypeError('Failed to fetch'))),
    version: 'test',
    changed: (what) => void changes.push(what),
  });
  if (name) await sync.connect(team.server.url, team.tokens[name]!);
  const handlers = createHandlers({ db, sync });
  async function ask<T extends RequestType>(type: T, payload: Omit<Request<T>, 'type'>) {
    const reply = (await dispatch(handlers, { type, ...payload })) as Envelope<Response<T>>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.data;
  }
  return { db, sync, ask, changes };
}

function edited(goal: string): PlaybookContent {
  const doc = structuredClone(DEFAULT_PLAYBOOKS);
  doc.playbooks.support_needed.goal = goal;
  return doc;
}

async function publish(
  who: Awaited<ReturnType<typeof browserOf>>,
  content: PlaybookContent,
  baseVersion: number,
): Promise<PublishResult> {
  return who.ask('publish-playbooks', { content, baseVersion });
}

describe('the team playbooks through the background', () => {
  it('only extension pages may read the latest or publish; sidebars may read the cached copy', () => {
    expect(PRIVILEGED_REQUESTS).toContain('publish-playbooks');
    expect(PRIVILEGED_REQUESTS).toContain('playbooks-latest');
    expect(PRIVILEGED_REQUESTS).not.toContain('playbooks');
  });

  it('answers null when not connected, so the sidebar uses the defaults', async () => {
    const alone = await browserOf(undefined);
    expect(await alone.ask('playbooks', {})).toEqual({ document: null });
    expect(await alone.ask('playbooks-latest', {})).toEqual({ document: null });
  });

  it("a manager's publish reaches an ambassador's next sync, and stays there offline", async () => {
    let online = true;
    const maria = await browserOf('maria');
    const amber = await browserOf('amber', { online: () => online });
    await amber.sync.run();
    expect((await amber.ask('playbooks', {})).document).toMatchObject({ version: 0, content: {} });

    const start = await maria.ask('playbooks-latest', {});
    expect(start.document?.version).toBe(0);
    const result = await publish(maria, edited('Calm them down, then the support route'), 0);
    expect(result).toMatchObject({ status: 'published', document: { version: 1, updatedBy: 'maria' } });
    // The manager's own sidebars use it at once.
    expect((await maria.ask('playbooks', {})).document?.version).toBe(1);
    expect(maria.changes).toContain('playbooks');

    await amber.sync.run({ manual: true });
    expect(amber.changes).toContain('playbooks');
    const picked = (await amber.ask('playbooks', {})).document;
    expect(picked?.version).toBe(1);
    expect(picked?.content).toMatchObject({
      playbooks: { support_needed: { goal: 'Calm them down, then the support route' } },
    });

    online = false;
    await amber.sync.run({ manual: true });
    expect((await amber.ask('playbooks', {})).document?.version).toBe(1);
    const latest = await amber.ask('playbooks-latest', {});
    expect(latest.document?.version).toBe(1);
    expect(latest.warning).toMatch(/Can't reach the team server/);
  });

  it('refuses to overwrite a version someone else published, and says who', async () => {
    const maria = await browserOf('maria');
    const lena = await browserOf('lena');
    const base = (await maria.ask('playbooks-latest', {})).document!.version;
    expect((await lena.ask('playbooks-latest', {})).document!.version).toBe(base);

    expect((await publish(lena, edited('Lena’s goal'), base)).status).toBe('published');
    const late = await publish(maria, edited('Maria’s goal'), base);
    expect(late).toMatchObject({ status: 'conflict', currentVersion: base + 1, updatedBy: 'lena' });
    expect(late.status === 'conflict' && late.message).toMatch(
      new RegExp(`lena\\) published version ${base + 1} while you were editing version ${base}`),
    );
    const reloaded = await maria.ask('playbooks-latest', {});
    expect(reloaded.document?.content).toMatchObject({
      playbooks: { support_needed: { goal: 'Lena’s goal' } },
    });
  });

  it('rejects an invalid document with the paths, before asking the server', async () => {
    const maria = await browserOf('maria');
    const bad = edited('');
    bad.categories[0]!.slaHours = -2;
    const result = await publish(maria, bad, 0);
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['categories.0.slaHours', 'playbooks.support_needed.goal']),
    );
  });

  it('offline, publishing changes nothing and says so', async () => {
    let online = true;
    const maria = await browserOf('maria', { online: () => online });
    const base = (await maria.ask('playbooks-latest', {})).document!.version;
    online = false;
    await expect(publish(maria, edited('Written on a train'), base)).rejects.toThrow(
      /Can't reach the team server at .*; nothing was changed/,
    );
    expect((await maria.ask('playbooks', {})).document?.version).toBe(base);
  });

  it('an ambassador cannot publish', async () => {
    const amber = await browserOf('amber');
    await expect(publish(amber, DEFAULT_PLAYBOOKS, 0)).rejects.toThrow(
      'Only a manager or a team lead can publish playbooks.',
    );
  });

  it("new team threads get the published category's SLA and priority", async () => {
    const maria = await browserOf('maria');
    const base = (await maria.ask('playbooks-latest', {})).document!.version;
    const doc = structuredClone(DEFAULT_PLAYBOOKS);
    const trolling = doc.categories.find((c) => c.id === 'trolling')!;
    trolling.slaHours = 2;
    trolling.priority = 'high';
    expect((await publish(maria, doc, base)).status).toBe('published');

    const before = Date.now();
    const { thread } = (await maria.ask('track-thread', {
      thread: {
        platform: 'x',
        url: 'https://x.com/rage_bait/status/1850000000000000777',
        canonicalId: '1850000000000000777',
        category: 'trolling',
      },
    })) as { thread: TrackedThread };
    expect(thread.priority).toBe('high');
    const due = Date.parse(thread.slaDueAt!) - before;
    expect(due).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(due).toBeLessThan(2 * 3_600_000 + 60_000);
  });
});
