/**
 * Retraining with the team's corrections: the seed data plus the team's labelled examples, a held-back
 * slice for judging, and a verdict: publish the new model only when it is not worse than the one in use.
 */
import type { CompiledRules } from './classifier';
import { hashString } from './features';
import { loadModel, type ModelEvaluation, type ModelFile } from './model';
import { fitTeamAdjustment } from './team-adjust';
import { evaluateHeldOut, mustLoad, predictRaw, type TrainingExample, trainCalibrated } from './train';

/** A correction made by a person counts this many times a seed example. */
export const TEAM_WEIGHT = 3;
/** One example in this many is held back for judging, picked by its text so the slice is stable. */
const HOLD_BACK_EVERY = 5;

export const heldBack = (e: Pick<TrainingExample, 'text'>) =>
  hashString(0x9e3779b9, e.text) % HOLD_BACK_EVERY === 0;

export interface RetrainInput {
  seed: readonly TrainingExample[];
  team: readonly TrainingExample[];
  /** The team model in use; without one, the seed data trained without the held-back slice stands in. */
  current: ModelFile | null;
  rules: CompiledRules;
  version: string;
  folds?: number;
}

export interface RetrainResult {
  file: ModelFile;
  /** The new model and the one in use, on the same held-back slice. */
  evaluation: ModelEvaluation;
  baseline: ModelEvaluation;
  publish: boolean;
  reason: string;
}

/**
 * The examples the confidence is calibrated on: those the rules were never tuned on (the team's, and the
 * seed files written for training). Calibrating on the team's alone fit two weights to a handful of
 * texts, or to none at all, and refused every retraining as worse than the seed.
 */
export const freshToRules = (e: TrainingExample & { file?: string }) =>
  e.team === true || /^train\d*\.jsonl$/.test(e.file ?? '');

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

export function retrain(input: RetrainInput): RetrainResult {
  const team = input.team.map((e) => ({ ...e, team: true, weight: e.weight ?? TEAM_WEIGHT }));
  const all = [...input.seed, ...team];
  const train = all.filter((e) => !heldBack(e));
  const test = all.filter(heldBack);
  const method = `held-back slice (${test.length} examples, ${test.filter((e) => e.team).length} from the team)`;
  const opts = { folds: input.folds ?? 3, calibrateOn: freshToRules };

  const { file, heldOut } = trainCalibrated(train, input.rules, { ...opts, version: input.version });
  // Where the team's examples contradict the rules, the rules count less for this team (team-adjust.ts).
  const adjustment = fitTeamAdjustment(
    heldOut.filter((h) => h.example.team),
    file,
  );
  if (adjustment) file.team = adjustment;
  const evaluation = evaluateHeldOut(predictRaw(mustLoad(file), input.rules, test), file, method);
  file.training.evaluation = evaluation;
  file.training.examples = train.length;

  const loadedCurrent = input.current ? loadModel(input.current) : undefined;
  let reference: ModelFile;
  if (loadedCurrent?.ok) reference = loadedCurrent.model.file;
  else {
    const seedTrain = input.seed.filter((e) => !heldBack(e));
    reference = trainCalibrated(seedTrain, input.rules, {
      ...opts,
      version: 'seed-reference',
    }).file;
  }
  const baseline = evaluateHeldOut(predictRaw(mustLoad(reference), input.rules, test), reference, method);
  const publish = evaluation.accuracy >= baseline.accuracy;
  const reason = publish
    ? `${pct(evaluation.accuracy)} on the held-back slice, ${reference.version} had ${pct(baseline.accuracy)}`
    : `not published: ${pct(evaluation.accuracy)} on the held-back slice is worse than ${reference.version}'s ${pct(baseline.accuracy)}`;
  return { file, evaluation, baseline, publish, reason };
}
