// @vitest-environment node
// Health records ride along with the sync to the real server, and the manager reads them back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthObservation } from '../../../lib/schemas/health';
import type { ReplyTrackerDB } from '../../../lib/storage/db';
import { recordHealth, unsentHealth } from '../../../lib/storage/health';
import type { FetchLike } from '../../../lib/sync/api';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RealTeam, startRealTeam } from './real-team';

let team: RealTeam;
const VERSION = '9.9.9';

beforeAll(async () => {
  team = await startRealTeam('rt-health-sync-', [
    ['amber', 'ambassador'],
    ['bob', 'ambassador'],
    ['maria', 'manager'],
  ]);
});
afterAll(async () => team?.close());

/** A browser whose every request goes through `through` (to count, fail or interleave them). */
async function browserOf(
  name: string,
  through?: (url: string, go: () => Promise<Response>) => Promise<Response>,
) {
  const db = team.database('rt-health-');
  const fetchLike: FetchLike = (input, init) => {
    const go = () => fetch(input, init);
    return through ? through(String(input), go) : go();
  };
  const engine = createSyncEngine({ db, fetch: fetchLike, version: VERSION });
  await engine.connect(team.server.url, team.tokens[name]!);
  return { db, engine };
}

const likeButtonGone: HealthObservation = {
  platform: 'x',
  page: 'home',
  check: 'like-button',
  signal: 'dom',
  affects: ['likes'],
  detail: 'no like button in 3 × tweet',
};
const likeAnswerUnreadable: HealthObservation = {
  platform: 'x',
  page: 'any',
  check: 'answer:like',
  signal: 'network',
  affects: ['likes'],
  detail: 'FavoriteTweet: answer is not JSON',
};

const observe = (db: ReplyTrackerDB, failed: HealthObservation[], passed: HealthObservation[] = []) =>
  recordHealth(db, { failed, passed }, VERSION, new Date());

describe('health records ride along with the sync', () => {
  it("a member's broken likes reach the manager's team view with their next sync, once", async () => {
    const uploads: string[] = [];
    const amber = await browserOf('amber', (url, go) => {
      if (url.endsWith('/me/health')) uploads.push(url);
      return go();
    });
    const maria = await browserOf('maria');
    expect((await maria.engine.teamHealth()).members).toEqual([]);

    await observe(amber.db, [likeButtonGone, likeAnswerUnreadable]);
    await amber.engine.run();
    expect(uploads).toHaveLength(1);
    const { members } = await maria.engine.teamHealth();
    expect(members).toEqual([
      expect.objectContaining({
        name: 'amber',
        warnings: [expect.objectContaining({ platform: 'x', level: 'at-risk', atRisk: ['likes'] })],
      }),
    ]);

    // Nothing changed: nothing is sent again.
    await amber.engine.run({ manual: true });
    expect(uploads).toHaveLength(1);

    // The page works again: the pass is news too, and the warning goes away for the manager.
    await observe(amber.db, [], [likeButtonGone, likeAnswerUnreadable]);
    await amber.engine.run({ manual: true });
    expect(uploads).toHaveLength(2);
    expect((await maria.engine.teamHealth()).members).toEqual([]);
  });

  it('a failed upload loses nothing: the records go with the next run', async () => {
    let down = true;
    const bob = await browserOf('bob', (url, go) =>
      url.endsWith('/me/health') && down ? Promise.resolve(new Response('busy', { status: 503 })) : go(),
    );
    await observe(bob.db, [likeButtonGone]);
    const failed = await bob.engine.run();
    expect(failed.error).toBe('server');
    expect(await unsentHealth(bob.db, 10)).toHaveLength(1);

    down = false;
    await bob.engine.run({ manual: true });
    expect(await unsentHealth(bob.db, 10)).toEqual([]);
    const maria = await browserOf('maria');
    expect((await maria.engine.teamHealth()).members.map((m) => m.name)).toContain('bob');
  });

  it('a sighting recorded while an upload is on its way is sent again, not marked sent', async () => {
    let db: ReplyTrackerDB | undefined;
    let uploads = 0;
    const amber = await browserOf('amber', async (url, go) => {
      if (!url.endsWith('/me/health') || !db) return go();
      const res = await go();
      if (uploads === 0) {
        // Between the server's answer and the extension marking the upload sent.
        await observe(db, [{ ...likeButtonGone, page: 'status' }]);
        await observe(db, [likeButtonGone]);
      }
      uploads += 1;
      return res;
    });
    db = amber.db;
    await observe(amber.db, [likeButtonGone]);
    await amber.engine.run({ manual: true });
    // The first upload had one record; the two changes made during it went in a second one.
    expect(uploads).toBe(2);
    expect(await unsentHealth(amber.db, 10)).toEqual([]);
    const maria = await browserOf('maria');
    const mine = (await maria.engine.teamHealth()).members.find((m) => m.name === 'amber');
    expect(mine?.records.map((r) => `${r.page}:${r.check}:${r.count}`).sort()).toEqual([
      'home:like-button:2',
      'status:like-button:1',
    ]);
  });

  it('an ambassador is told plainly that the team view is for managers', async () => {
    const amber = await browserOf('amber');
    await expect(amber.engine.teamHealth()).rejects.toThrow(/managers and leads/);
  });
});
