/**
 * The server's side of learning from the team: the team's examples (corrections sent by extensions, and
 * every tracked thread's excerpt with the category a person gave it), a retraining run that publishes the
 * new model only when it is not worse (lib/classify/retrain.ts), and the published model for extensions.
 */
import { normalizeForModel } from '../../lib/classify/features';
import { type ModelFile, ModelFileSchema, type Polarity } from '../../lib/classify/model';
import type { RetrainResult } from '../../lib/classify/retrain';
import type { TrainingExample } from '../../lib/classify/train';
import { errorMessage } from '../../lib/errors';
import { CATEGORY_IDS, CategoryIdSchema } from '../../lib/schemas/categories';
import { type ModelRun, type ModelVerdict, ModelVerdictSchema } from '../../lib/schemas/classifier';
import type { Db } from '../db/types';
import { retrainInWorker } from './retrain-worker';

const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Russian when written in Cyrillic or in Latin letters that read as Russian; else English. */
export function guessLanguage(text: string): string {
  return CYRILLIC.test(text) || normalizeForModel(text).transliterated ? 'ru' : 'en';
}

/**
 * The team's labelled texts, one answer per text: a correction sent from a screen (the latest wins when
 * a manager changed their mind), then a category a manager gave a mention in the inbox (it differs
 * from the suggestion), then a tracked thread's category. Mentions whose text retention dropped teach
 * nothing and are skipped.
 */
/**
 * How many texts teamExamples() would return, counted in the database: the runs list asks on every
 * dashboard load, and reading every corrected mention and tracked thread's text into memory to count them
 * grew with the team's history. The same rules: one per text, only the texts a retraining could learn
 * from (a known category; an inbox category that differs from the suggestion; a thread with an excerpt).
 */
export async function countTeamExamples(db: Db): Promise<number> {
  const texts = db
    .selectFrom('classifier_examples')
    .select(['text', 'category'])
    .unionAll(
      db
        .selectFrom('mentions')
        .select((eb) => ['text', eb.ref('category').$notNull().as('category')])
        .where('category', 'is not', null)
        .whereRef('category', '!=', 'suggested_category')
        .where('text', '!=', ''),
    )
    .unionAll(
      db
        .selectFrom('threads')
        .select((eb) => [eb.ref('excerpt').$notNull().as('text'), 'category'])
        .where('excerpt', 'is not', null),
    );
  const row = await db
    .selectFrom(texts.as('t'))
    .where('t.category', 'in', [...CATEGORY_IDS])
    .select((eb) => eb.fn.count<number | string | bigint>('t.text').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function teamExamples(db: Db): Promise<TrainingExample[]> {
  const corrections = await db
    .selectFrom('classifier_examples')
    .select(['text', 'category', 'polarity'])
    .orderBy('received_at', 'desc')
    .orderBy('labelled_at', 'desc')
    .execute();
  const mentions = await db
    .selectFrom('mentions')
    .select(['text', 'category'])
    .where('category', 'is not', null)
    .whereRef('category', '!=', 'suggested_category')
    .where('text', '!=', '')
    .orderBy('decided_at', 'desc')
    .execute();
  const threads = await db
    .selectFrom('threads')
    .select(['excerpt', 'category'])
    .where('excerpt', 'is not', null)
    .execute();
  const out: TrainingExample[] = [];
  const seen = new Set<string>();
  for (const row of [
    ...corrections,
    ...mentions.map((m) => ({ text: m.text, category: m.category!, polarity: null })),
    ...threads.map((t) => ({ text: t.excerpt!, category: t.category, polarity: null })),
  ]) {
    const category = CategoryIdSchema.safeParse(row.category);
    if (!category.success || seen.has(row.text)) continue;
    seen.add(row.text);
    out.push({
      text: row.text,
      category: category.data,
      ...(row.polarity ? { polarity: row.polarity as Polarity } : {}),
      lang: guessLanguage(row.text),
      team: true,
    });
  }
  return out;
}

export async function publishedModel(db: Db): Promise<ModelFile | null> {
  const row = await db
    .selectFrom('classifier_models')
    .select('model')
    .where('published', '=', 1)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row?.model) return null;
  const parsed = ModelFileSchema.safeParse(JSON.parse(row.model));
  return parsed.success ? parsed.data : null;
}

export function toRun(row: {
  version: string;
  created_at: string;
  created_by: string;
  published: number;
  reason: string;
  examples: number;
  team_examples: number;
  evaluation: string;
  baseline: string;
  verdict: string | null;
}): ModelRun {
  return {
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    published: Number(row.published) === 1,
    reason: row.reason,
    examples: Number(row.examples),
    teamExamples: Number(row.team_examples),
    evaluation: JSON.parse(row.evaluation),
    baseline: JSON.parse(row.baseline),
    verdict: readVerdict(row.version, row.verdict),
  };
}

/**
 * A stored verdict, or null (runs from before migration 015). A damaged value is shown as none rather
 * than failing the whole list with a 500, and said in the server's log so it is not lost silently.
 */
function readVerdict(version: string, json: string | null): ModelVerdict | null {
  if (json === null) return null;
  let problem: string;
  try {
    const parsed = ModelVerdictSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
    problem = parsed.error.message;
  } catch (err) {
    problem = errorMessage(err);
  }
  console.warn(
    `classifier run ${version}: its stored verdict cannot be read, listed without it (${problem})`,
  );
  return null;
}

/** The verdict's figures as the run stores them (the words stay in `reason`). */
export function verdictFigures(v: RetrainResult['verdict']): ModelVerdict {
  return { reference: v.reference, team: v.team, seed: v.seed };
}

let running: Promise<ModelRun> | undefined;
let runningSince: { since: string; by: string } | null = null;

/** The run under way, if any: when it started and who asked (the dashboard shows its progress). */
export const retrainingNow = () => runningSince;

/**
 * Trains on the seed data plus the team's examples and stores the run; publishes the model when it is
 * not worse than the one in use. One run at a time per server: a second request joins the first.
 */
export function retrainNow(db: Db, by: string, now: Date): Promise<ModelRun> {
  running ??= (async () => {
    runningSince = { since: now.toISOString(), by };
    try {
      const team = await teamExamples(db);
      const current = await publishedModel(db);
      const version = `team-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      // Tens of seconds of CPU: in a worker thread, so /health and syncs are answered meanwhile.
      const result = await retrainInWorker({ team, current, version });
      const row = {
        version,
        created_at: now.toISOString(),
        created_by: by,
        published: result.publish ? 1 : 0,
        reason: result.reason,
        examples: result.file.training.examples,
        team_examples: team.length,
        evaluation: JSON.stringify(result.evaluation),
        baseline: JSON.stringify(result.baseline),
        verdict: JSON.stringify(verdictFigures(result.verdict)),
        model: result.publish ? JSON.stringify(result.file) : null,
      };
      await db
        .insertInto('classifier_models')
        .values(row)
        .onConflict((oc) => oc.column('version').doNothing())
        .execute();
      return toRun(row);
    } finally {
      running = undefined;
      runningSince = null;
    }
  })();
  return running;
}

/** Retrains every `hours` when the team has labelled something since the last run. */
export function scheduleRetraining(db: Db, hours: number, log: (line: string) => void): () => void {
  if (!(hours > 0)) return () => undefined;
  const timer = setInterval(
    () => {
      void (async () => {
        const last = await db
          .selectFrom('classifier_models')
          .select('created_at')
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        const fresh = await db
          .selectFrom('classifier_examples')
          .select((eb) => eb.fn.countAll().as('n'))
          .$if(last !== undefined, (q) => q.where('received_at', '>', last!.created_at))
          .executeTakeFirstOrThrow();
        if (Number(fresh.n) === 0) return;
        const run = await retrainNow(db, 'schedule', new Date());
        log(`Classifier retrained (${run.version}): ${run.reason}`);
      })().catch((e: unknown) => log(`Classifier retraining failed: ${(e as Error).message}`));
    },
    hours * 60 * 60 * 1000,
  );
  timer.unref();
  return () => clearInterval(timer);
}
