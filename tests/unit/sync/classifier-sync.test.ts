// @vitest-environment node
// The team's classifier model and the managers' corrections travel with the sync (issue 13).
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../../lib/background/handlers';
import { classify } from '../../../lib/classify/classifier';
import seed from '../../../lib/classify/model/seed-model.json';
import { chooseModel, teamModelItem } from '../../../lib/classify/team-model';
import { connectionItem } from '../../../lib/settings/store';
import { ReplyTrackerDB } from '../../../lib/storage/db';
import { queueCorrection } from '../../../lib/sync/corrections';
import { createSyncEngine } from '../../../lib/sync/engine';
import { fakeServer } from './fake-server';

const SERVER = 'https://replies.example.org';
const T0 = new Date('2026-11-20T10:00:00.000Z');
const dbs: ReplyTrackerDB[] = [];
beforeEach(() => fakeBrowser.reset());
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function setup(role: 'ambassador' | 'manager' = 'manager') {
  const db = new ReplyTrackerDB(`rt-cls-${crypto.randomUUID()}`);
  dbs.push(db);
  const server = fakeServer({ role });
  const changes: string[] = [];
  const engine = createSyncEngine({
    db,
    fetch: server.fetch,
    now: () => T0,
    random: () => 0.5,
    version: '0.1.0',
    changed: (what) => void changes.push(what),
  });
  await engine.connect(SERVER, 'rt_good');
  server.calls.length = 0;
  return { db, server, engine, changes };
}

const teamFile = { ...seed, version: 'team-20261120T0900' };
const modelCalls = (calls: { path: string; headers: Record<string, string> }[]) =>
  calls.filter((c) => c.path === '/api/v1/classifier/model').map((c) => c.headers['if-none-match']);

describe("the team's model", () => {
  it('is pulled with the playbooks, revalidated by ETag, and then classifies in the sidebar', async () => {
    const { server, engine, changes } = await setup();
    server.next(
      'GET /api/v1/classifier/model',
      server.json(200, teamFile, { ETag: `"${teamFile.version}"` }),
      (call) =>
        call.headers['if-none-match'] === `"${teamFile.version}"`
          ? new Response(null, { status: 304 })
          : undefined,
    );
    await engine.run();
    await engine.run({ manual: true });
    expect(modelCalls(server.calls)).toEqual([undefined, `"${teamFile.version}"`]);
    expect(changes.filter((c) => c === 'classifier')).toHaveLength(1);

    const active = chooseModel(await teamModelItem.getValue());
    expect(active).toMatchObject({ source: 'team', version: teamFile.version });
    expect(active.note).toBeUndefined();
    expect(classify('how do I change my PIN?', undefined, active.model)).toMatchObject({
      model: teamFile.version,
      source: 'model+rules',
    });
  });

  it('a corrupt or mismatched model is never used: the shipped model answers and says why', async () => {
    const { server, engine } = await setup();
    server.next(
      'GET /api/v1/classifier/model',
      server.json(200, { ...teamFile, weights: 'AAAA' }, { ETag: '"broken"' }),
    );
    await engine.run();
    let active = chooseModel(await teamModelItem.getValue());
    expect(active.source).toBe('seed');
    expect(active.version).toBe(seed.version);
    expect(active.note).toMatch(
      /team's model team-20261120T0900 could not be used \(.*weight bytes.*\); the shipped model answered/,
    );
    const c = classify('app down for anyone else? 502 everywhere', undefined, active.model);
    expect(c).toMatchObject({ source: 'model+rules', model: seed.version });

    // A good one arrives, then one trained for other categories: the good one stays in use.
    server.next('GET /api/v1/classifier/model', server.json(200, teamFile, { ETag: '"good"' }));
    await engine.run({ manual: true });
    expect(chooseModel(await teamModelItem.getValue()).source).toBe('team');
    server.next(
      'GET /api/v1/classifier/model',
      server.json(200, { ...teamFile, version: 'team-other', categories: ['a', 'b'] }, { ETag: '"other"' }),
    );
    await engine.run({ manual: true });
    active = chooseModel(await teamModelItem.getValue());
    expect(active).toMatchObject({ source: 'team', version: teamFile.version });
    expect(active.note).toMatch(
      /team-other could not be used \(.*other categories\); the previous team model answered/,
    );

    // Storage damaged behind our back: the shipped model answers, and says so.
    await teamModelItem.setValue({ file: { format: 'nonsense' }, pulledAt: T0.toISOString() });
    active = chooseModel(await teamModelItem.getValue());
    expect(active.source).toBe('seed');
    expect(active.note).toMatch(/could not be used \(not a model file/);
  });

  it('is forgotten on disconnect, and an older server without the route is no error', async () => {
    const { server, engine } = await setup();
    server.next('GET /api/v1/classifier/model', server.json(200, teamFile, { ETag: '"good"' }));
    await engine.run();
    expect(await teamModelItem.getValue()).not.toBeNull();
    await engine.disconnect();
    expect(await teamModelItem.getValue()).toBeNull();

    await engine.connect(SERVER, 'rt_good');
    const report = await engine.run({ manual: true }); // the fake server answers 404 for the route
    expect(report.error).toBeUndefined();
    expect(chooseModel(await teamModelItem.getValue()).source).toBe('seed');
  });
});

describe("a manager's corrections", () => {
  it('wait in the outbox while the server is unreachable and reach it once, on the next sync', async () => {
    const { db, server, engine } = await setup();
    const handlers = createHandlers({ db, now: () => T0, sync: engine });
    const r = await handlers['record-correction']({
      type: 'record-correction',
      correction: {
        text: 'they quietly raised the FX fee',
        category: 'trust_doubt',
        suggestedCategory: 'positive_neutral',
        source: 'sidebar',
      },
    });
    expect(r.queued).toBe(true);
    // Picking the suggestion again teaches nothing; a malformed one from a page is refused, not kept.
    expect(
      await handlers['record-correction']({
        type: 'record-correction',
        correction: {
          text: 'fine',
          category: 'trust_doubt',
          suggestedCategory: 'trust_doubt',
          source: 'sidebar',
        },
      }),
    ).toMatchObject({ queued: false });
    expect(
      await handlers['record-correction']({
        type: 'record-correction',
        // biome-ignore lint/suspicious/noExplicitAny: a hostile page sends anything
        correction: { text: '', category: 'memes', source: 'sidebar' } as any,
      }),
    ).toMatchObject({ queued: false, reason: expect.stringMatching(/not a usable correction/) });

    server.next('POST /api/v1/classifier/examples', 'network-error');
    const offline = await engine.run({ manual: true });
    expect(offline.error).toBe('offline');
    expect(await db.corrections.count()).toBe(1);

    const stored: unknown[] = [];
    server.next('POST /api/v1/classifier/examples', (call) => {
      const { examples } = call.body as { examples: unknown[] };
      stored.push(...examples);
      return server.json(200, { stored: examples.length, duplicates: 0 });
    });
    await engine.run({ manual: true });
    expect(stored).toEqual([
      expect.objectContaining({
        text: 'they quietly raised the FX fee',
        category: 'trust_doubt',
        suggestedCategory: 'positive_neutral',
        source: 'sidebar',
        at: T0.toISOString(),
      }),
    ]);
    expect(await db.corrections.count()).toBe(0);
    await engine.run({ manual: true });
    expect(server.calls.filter((c) => c.path === '/api/v1/classifier/examples')).toHaveLength(2);
  });

  it("an ambassador's category pick is not a correction; one the server refuses is held, not lost", async () => {
    const { db, server, engine } = await setup('ambassador');
    expect(await connectionItem.get(db)).toMatchObject({ role: 'ambassador' });
    const handlers = createHandlers({ db, now: () => T0, sync: engine });
    expect(
      await handlers['record-correction']({
        type: 'record-correction',
        correction: {
          text: 'scam!!',
          category: 'trolling',
          suggestedCategory: 'trust_doubt',
          source: 'sidebar',
        },
      }),
    ).toMatchObject({ queued: false, reason: expect.stringMatching(/managers' and leads'/) });
    expect(await db.corrections.count()).toBe(0);

    await queueCorrection(db, { text: 'a', category: 'trolling', source: 'inbox' }, T0, crypto.randomUUID());
    await queueCorrection(db, { text: 'b', category: 'trolling', source: 'inbox' }, T0, crypto.randomUUID());
    const refuse = (call: { body: unknown }) => {
      const { examples } = call.body as { examples: { text: string }[] };
      return examples.some((e) => e.text === 'a')
        ? server.error(400, 'validation_failed', 'text: refused')
        : server.json(200, { stored: examples.length, duplicates: 0 });
    };
    server.next('POST /api/v1/classifier/examples', refuse, refuse, refuse);
    const report = await engine.run({ manual: true });
    expect(report.error).toBeUndefined();
    const left = await db.corrections.toArray();
    expect(left.map((c) => [c.text, Boolean(c.held)])).toEqual([['a', true]]);
  });
});
