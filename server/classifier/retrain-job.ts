/**
 * What a retraining run computes, as one function of plain data: the worker thread (retrain-worker.ts)
 * imports this and nothing else of the server, so the seed data and the rules are read in the worker.
 */
import { compileRules } from '../../lib/classify/classifier';
import { DEFAULT_RULES } from '../../lib/classify/default-rules';
import type { ModelFile } from '../../lib/classify/model';
import { type RetrainResult, retrain } from '../../lib/classify/retrain';
import { loadSeedExamples } from '../../lib/classify/seed/load';
import type { TrainingExample } from '../../lib/classify/train';

export interface RetrainJob {
  team: TrainingExample[];
  current: ModelFile | null;
  version: string;
}

let seedCache: TrainingExample[] | undefined;

export function runRetrainJob(job: RetrainJob): RetrainResult {
  seedCache ??= loadSeedExamples();
  return retrain({
    seed: seedCache,
    team: job.team,
    current: job.current,
    rules: compileRules(DEFAULT_RULES),
    version: job.version,
  });
}
