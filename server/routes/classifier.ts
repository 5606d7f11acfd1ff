import { Hono } from 'hono';
import { ExamplesPostRequestSchema, type ModelRunsResponse } from '../../lib/schemas/classifier';
import { countTeamExamples, publishedModel, retrainingNow, retrainNow, toRun } from '../classifier/retrain';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';

/** The team's labelled examples, retraining, and the published model (extensions pull it like playbooks). */
export function classifierRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post('/classifier/examples', async (c) => {
      const { examples } = await readJson(c, ExamplesPostRequestSchema);
      const member = c.get('member');
      const received = deps.clock().toISOString();
      let stored = 0;
      for (const e of examples) {
        const r = await db
          .insertInto('classifier_examples')
          .values({
            id: e.id,
            text: e.text,
            category: e.category,
            polarity: e.polarity ?? null,
            suggested_category: e.suggestedCategory ?? null,
            source: e.source,
            member_id: member.id,
            labelled_at: e.at,
            received_at: received,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        stored += Number(r.numInsertedOrUpdatedRows ?? 0);
      }
      return c.json({ stored, duplicates: examples.length - stored });
    })
    .post('/classifier/retrain', requireRole('manager'), async (c) => {
      const run = await retrainNow(db, c.get('member').name, deps.clock());
      return c.json(run);
    })
    .get('/classifier/runs', requireRole('manager'), async (c) => {
      const rows = await db
        .selectFrom('classifier_models')
        .select([
          'version',
          'created_at',
          'created_by',
          'published',
          'reason',
          'examples',
          'team_examples',
          'evaluation',
          'baseline',
          'verdict',
        ])
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
      // What the next retraining would learn from, counted the way it counts them (a text corrected
      // twice once; inbox categories and tracked threads too), not the correction rows stored.
      const teamCount = await countTeamExamples(db);
      const runs = rows.map(toRun);
      const body: ModelRunsResponse = {
        current: runs.find((r) => r.published)?.version ?? null,
        teamExamples: teamCount,
        runs,
        running: retrainingNow(),
      };
      return c.json(body);
    })
    .get('/classifier/model', async (c) => {
      const model = await publishedModel(db);
      // No team model yet: extensions keep the seed model they ship with.
      if (!model) return c.body(null, 204);
      const etag = `"${model.version}"`;
      c.header('ETag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      return c.json(model);
    });
}
