// @vitest-environment node
import { randomUUID } from 'node:crypto';
import type { Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../../../lib/classify/classifier';
import type { ModelFile } from '../../../lib/classify/model';
import type { ClassifierExample, ModelRun, ModelRunsResponse } from '../../../lib/schemas/classifier';
import { countTeamExamples, teamExamples, toRun } from '../../../server/classifier/retrain';
import { createMigrator, MIGRATIONS, migrateToLatest } from '../../../server/db/migrate';
import * as m001 from '../../../server/db/migrations/001_init';
import * as m002 from '../../../server/db/migrations/002_reports';
import { backends, setupApi, type TestApi } from './helpers';
import { publishTerms, xMention } from './mentions-fixtures';

const evaluation = {
  method: 'held-back slice (240 examples)',
  total: 240,
  accuracy: 0.9,
  perCategory: {},
  perLang: {},
};

const correction = (text: string, over: Partial<ClassifierExample> = {}): ClassifierExample => ({
  id: randomUUID(),
  text,
  category: 'trust_doubt',
  polarity: 'negative',
  suggestedCategory: 'positive_neutral',
  source: 'sidebar',
  at: '2026-11-20T11:00:00.000Z',
  ...over,
});

describe.each(backends)('the classifier learns from the team on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  it('stores each correction once, refuses a malformed one, and keeps retraining to managers', async () => {
    const one = correction('they raised the FX fee again without a word');
    const first = await api.json('POST', '/classifier/examples', { body: { examples: [one] } });
    expect(first).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
    const again = await api.json('POST', '/classifier/examples', { body: { examples: [one] } });
    expect(again.body).toEqual({ stored: 0, duplicates: 1 });
    const bad = await api.json<{ error: { code: string } }>('POST', '/classifier/examples', {
      body: { examples: [{ ...correction(''), category: 'memes' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');

    expect((await api.req('POST', '/classifier/retrain')).status).toBe(403);
    expect((await api.req('GET', '/classifier/runs')).status).toBe(403);
    // Before any team model, extensions keep the seed model they ship with.
    expect((await api.req('GET', '/classifier/model')).status).toBe(204);
  });

  it("learns each text's latest answer, and the categories managers gave mentions in the inbox", async () => {
    const text = 'they raised the FX fee again without a word';
    await api.json('POST', '/classifier/examples', {
      body: { examples: [correction(text, { category: 'rumor_narrative', at: '2026-11-20T11:00:00.000Z' })] },
    });
    api.clock.advance(60_000);
    // The manager changed their mind a minute later: the later answer is the one to learn.
    await api.json('POST', '/classifier/examples', {
      body: { examples: [correction(text, { category: 'trust_doubt', at: '2026-11-20T11:01:00.000Z' })] },
    });

    await publishTerms(api);
    const post = xMention({ text: 'Finvo quietly cut my cashback in half, not a word to customers' });
    const uploaded = await api.json<{ results: Array<{ id: string }> }>('POST', '/mentions', {
      body: { mentions: [post] },
    });
    const id = uploaded.body.results[0]!.id;
    const listed = await api.json<{ mentions: Array<{ id: string; suggestion: { category: string } }> }>(
      'GET',
      '/mentions',
      { as: 'manager' },
    );
    const suggested = listed.body.mentions.find((m) => m.id === id)!.suggestion.category;
    const corrected = suggested === 'rumor_narrative' ? 'trust_doubt' : 'rumor_narrative';
    const patched = await api.req('PATCH', `/mentions/${id}`, {
      as: 'manager',
      body: { status: 'dismissed', reason: 'handled_elsewhere', category: corrected },
    });
    expect(patched.status).toBe(200);

    const learned = await teamExamples(api.db);
    expect(learned.filter((e) => e.text === text).map((e) => e.category)).toEqual(['trust_doubt']);
    expect(learned.filter((e) => e.text === post.text).map((e) => e.category)).toEqual([corrected]);

    // The dashboard's "examples from the team so far" is what a retraining would learn from: the text
    // corrected three times counts once, and the inbox's category counts too.
    api.clock.advance(60_000);
    await api.json('POST', '/classifier/examples', {
      body: { examples: [correction(text, { category: 'trust_doubt', at: '2026-11-20T11:02:00.000Z' })] },
    });
    const runs = await api.json<ModelRunsResponse>('GET', '/classifier/runs', { as: 'lead' });
    expect(runs.body.teamExamples).toBe((await teamExamples(api.db)).length);
    expect(runs.body.teamExamples).toBe(2);
  });

  // The runs list counts in the database what a retraining would read: the same texts, once each.
  it('counts the team examples as a retraining reads them, without reading them', async () => {
    await api.json('POST', '/classifier/examples', {
      body: {
        examples: [
          correction('fees went up again, nobody said'),
          correction('fees went up again, nobody said', { category: 'rumor_narrative' }),
          correction('how do I freeze my card?', { category: 'technical_question' }),
        ],
      },
    });
    const thread = (id: string, excerpt: string | null, category: string) => ({
      id,
      platform: 'x',
      url: `https://x.com/someone/status/${id}`,
      canonical_id: `x:${id}`,
      parent_id: null,
      author: 'someone',
      excerpt,
      category,
      priority: 'normal',
      note: '',
      status: 'open',
      sla_due_at: '2026-11-21T11:00:00.000Z',
      created_by: 'manager',
      created_at: '2026-11-20T11:00:00.000Z',
      updated_at: '2026-11-20T11:00:00.000Z',
      first_reply_at: null,
      replied_by: null,
      change_seq: 1,
    });
    await api.db
      .insertInto('threads')
      .values([
        thread('1', 'how do I freeze my card?', 'technical_question'), // the same text as a correction
        thread('2', 'the app is down again', 'incident_complaint'),
        thread('3', null, 'trust_doubt'), // no text to learn from
        thread('4', 'a category this build does not know', 'retired_category'),
      ])
      .execute();
    const read = await teamExamples(api.db);
    expect(read.map((e) => e.text).sort()).toEqual([
      'fees went up again, nobody said',
      'how do I freeze my card?',
      'the app is down again',
    ]);
    expect(await countTeamExamples(api.db)).toBe(read.length);
    const runs = await api.json<ModelRunsResponse>('GET', '/classifier/runs', { as: 'lead' });
    expect(runs.body.teamExamples).toBe(3);
  });

  it('retrains on demand, judges on a held-back slice, and publishes a model extensions can pull', async () => {
    const texts = [
      'cashback quietly went from 2% to 1%, nobody announced anything',
      'new pricing page, card payments now cost 1% and it was never mentioned',
      'silently added a monthly fee to my plan, found out from my statement',
      'снова подняли комиссию за обмен и никому не сказали',
      'кэшбэк тихо урезали вдвое, ни одного уведомления',
    ];
    await api.json('POST', '/classifier/examples', { body: { examples: texts.map((t) => correction(t)) } });

    // Training runs in a worker thread: the server keeps answering /health and syncs meanwhile.
    let done = false;
    const retraining = api.json<ModelRun>('POST', '/classifier/retrain', { as: 'manager' }).finally(() => {
      done = true;
    });
    const healthTimes: number[] = [];
    let sawRunning = false;
    while (!done) {
      const t0 = performance.now();
      const health = await api.req('GET', '/health', { as: 'none' });
      expect(health.status).toBe(200);
      if (!done) healthTimes.push(performance.now() - t0);
      if (!sawRunning && !done) {
        const during = await api.json<ModelRunsResponse>('GET', '/classifier/runs', { as: 'lead' });
        sawRunning = during.body.running?.by === api.names.manager;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthTimes.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...healthTimes)).toBeLessThan(1000);
    expect(sawRunning).toBe(true);
    const { status, body: run } = await retraining;
    expect(status).toBe(200);
    expect(run.teamExamples).toBe(5);
    expect(run.examples).toBeGreaterThan(700);
    expect(run.evaluation.method).toMatch(/held-back slice/);
    expect(Object.keys(run.evaluation.perLang).sort()).toEqual(['en', 'ru']);
    expect(Object.keys(run.evaluation.perCategory)).toHaveLength(8);
    // The publishing rule (lib/classify/retrain.ts verdict): not worse on the team's held-back examples,
    // and on the seed slice not worse beyond its sampling noise. It used to be the whole slice's accuracy
    // against the baseline's, which let the seed labels outvote every team (issue 13); the reason says
    // which way it went and why.
    expect(run.reason).toMatch(
      run.published ? /^not worse on .* within the noise band on the seed slice/ : /^not published: /,
    );

    // The verdict's figures are stored as figures, not only as words: all five corrections judged (each by
    // a model trained without it), against the seed model's stand-in, and the seed slice with its band.
    expect(run.verdict).toMatchObject({
      reference: 'seed-reference',
      team: { total: 5, seenByReference: 0 },
      seed: { total: expect.any(Number), band: expect.any(Number) },
    });
    expect(run.verdict!.seed.total).toBeGreaterThan(200);
    expect(run.reason).toContain(
      `the team's 5 examples, each answered by a model trained without it: ${run.verdict!.team.candidate} right`,
    );

    const runs = await api.json<ModelRunsResponse>('GET', '/classifier/runs', { as: 'lead' });
    expect(runs.body.runs.map((r) => r.version)).toEqual([run.version]);
    expect(runs.body.runs[0]!.verdict).toEqual(run.verdict);
    expect(runs.body.teamExamples).toBe(5);
    expect(runs.body.current).toBe(run.published ? run.version : null);
    expect(runs.body.running).toBeNull();

    const pulled = await api.req('GET', '/classifier/model');
    if (!run.published) {
      expect(pulled.status).toBe(204);
      return;
    }
    expect(pulled.headers.get('etag')).toBe(`"${run.version}"`);
    const model = (await pulled.json()) as ModelFile;
    expect(classify('how do I change my PIN?', undefined, model)).toMatchObject({
      model: run.version,
      source: 'model+rules',
    });
    const cached = await api.req('GET', '/classifier/model', {
      headers: { 'if-none-match': `"${run.version}"` },
    });
    expect(cached.status).toBe(304);
  }, 300_000);
});

describe.each(backends)('migration 015 on $name', (backend) => {
  it('adds the verdict column; runs stored before it are listed with no verdict', async () => {
    const database = await backend.open({ migrate: false });
    try {
      const { db } = database;
      const before = await createMigrator(db, {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '015')) as Record<
            string,
            Migration
          >,
      });
      expect((await before.migrateToLatest()).error).toBeUndefined();
      const old = {
        version: 'team-20261120T090000',
        created_at: '2026-11-20T09:00:00.000Z',
        created_by: 'mona',
        published: 0,
        reason: 'not published: worse on the team held-back examples',
        examples: 1200,
        team_examples: 3,
        evaluation: JSON.stringify(evaluation),
        baseline: JSON.stringify(evaluation),
        model: null,
      };
      await db.insertInto('classifier_models').values(old).execute();
      expect(await migrateToLatest(db)).toEqual(['015_classifier_verdict']);
      const rows = await db.selectFrom('classifier_models').selectAll().execute();
      expect(rows.map(toRun)).toEqual([
        expect.objectContaining({ version: old.version, reason: old.reason, verdict: null }),
      ]);

      // A damaged verdict: the run is still listed, without it, and the server's log says so.
      await db
        .updateTable('classifier_models')
        .set({ verdict: '{"reference": 3' })
        .where('version', '=', old.version)
        .execute();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        const damaged = await db.selectFrom('classifier_models').selectAll().execute();
        expect(damaged.map(toRun)).toEqual([
          expect.objectContaining({ version: old.version, verdict: null }),
        ]);
        expect(warn).toHaveBeenCalledWith(
          expect.stringContaining(`classifier run ${old.version}: its stored verdict`),
        );
      } finally {
        warn.mockRestore();
      }
    } finally {
      await database.cleanup();
    }
  });
});

describe.each(backends)('migration 006 on $name', (backend) => {
  it('adds the classifier tables to a database at 002, keeping what was there', async () => {
    const database = await backend.open({ migrate: false });
    try {
      const { db } = database;
      const old = await createMigrator(db, {
        getMigrations: async () => ({ '001_init': m001, '002_reports': m002 }) as Record<string, Migration>,
      });
      await old.migrateToLatest();
      await db
        .insertInto('settings')
        .values({ key: 'reports', value: '{}', updated_at: '2026-11-20T00:00:00.000Z', updated_by: 'leo' })
        .execute();
      const applied = await migrateToLatest(db);
      expect(applied).toContain('006_classifier');
      expect(applied).not.toContain('002_reports');
      expect(await db.selectFrom('settings').select('key').execute()).toEqual([{ key: 'reports' }]);
      expect(await db.selectFrom('classifier_examples').selectAll().execute()).toEqual([]);
    } finally {
      await database.cleanup();
    }
  });
});
