/**
 * Where the team disagrees with the rules. The rules are one phrase list for every team; a team whose
 * managers keep correcting answers the rules pushed (say, "a fee changed without notice" is a doubt
 * about transparency to them, while the rules' "monthly plan" and "instead of" speak for a question or
 * for support) would be outvoted by those phrases however often the retrained model saw its examples.
 *
 * So retraining also fits, on the team's examples as the cross-validated model + rules saw them (held
 * out: each predicted by a model that never trained on it), two small things per category, carried in
 * the published model (`team` in model.ts) and used wherever the model is:
 * - how much the rules' evidence for the category still counts for this team, 0..1 (1 = as shipped;
 *   it only falls where the team's examples contradict that evidence), and
 * - a bias: how much more (or less) often this team's texts are of that category than the seed data's.
 *
 * Both are fit by minimising log-loss with a Gaussian prior that pulls them back to 1 and 0 (so a few
 * examples move them a little, many examples more), by gradient descent with a backtracking line search
 * from a fixed start: deterministic, a convex problem, a few milliseconds.
 */
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import type { ModelFile, TeamAdjustment } from './model';
import type { HeldOut } from './train';

/** Strength of the prior that keeps the adjustment near "as shipped", in examples' worth of log-loss. */
export const TEAM_PRIOR = 2;
const MAX_BIAS = 4;
const ITERATIONS = 400;

const round = (n: number) => Math.round(n * 1000) / 1000;

interface Row {
  m: Float64Array;
  r: Float64Array;
  y: number;
}

/** The adjustment for a team, or undefined when it has no examples to learn from. */
export function fitTeamAdjustment(
  held: readonly HeldOut[],
  file: Pick<ModelFile, 'combine'>,
  prior = TEAM_PRIOR,
  rulesPrior = prior,
): TeamAdjustment | undefined {
  if (held.length === 0) return undefined;
  const n = CATEGORY_IDS.length;
  const a = file.combine.model;
  const b = file.combine.rules;
  const rows: Row[] = held.map((h) => ({
    m: Float64Array.from(CATEGORY_IDS, (id) => a * h.model.category[id]),
    r: Float64Array.from(CATEGORY_IDS, (id) => b * h.rules[id]),
    y: CATEGORY_IDS.indexOf(h.example.category),
  }));
  // Parameters: rules weight (rho) then bias (beta), per category.
  const x = new Float64Array(2 * n);
  x.fill(1, 0, n);
  const z = new Float64Array(n);
  const objective = (p: Float64Array, grad?: Float64Array): number => {
    let loss = 0;
    grad?.fill(0);
    for (const row of rows) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < n; c++) {
        z[c] = row.m[c]! + p[c]! * row.r[c]! + p[n + c]!;
        max = Math.max(max, z[c]!);
      }
      let sum = 0;
      for (let c = 0; c < n; c++) sum += Math.exp(z[c]! - max);
      loss -= z[row.y]! - max - Math.log(sum);
      if (!grad) continue;
      for (let c = 0; c < n; c++) {
        const d = Math.exp(z[c]! - max) / sum - (c === row.y ? 1 : 0);
        grad[c]! += d * row.r[c]!;
        grad[n + c]! += d;
      }
    }
    for (let c = 0; c < n; c++) {
      loss += rulesPrior * (p[c]! - 1) ** 2 + prior * p[n + c]! ** 2;
      if (grad) {
        grad[c]! += 2 * rulesPrior * (p[c]! - 1);
        grad[n + c]! += 2 * prior * p[n + c]!;
      }
    }
    return loss;
  };
  const project = (p: Float64Array) => {
    for (let c = 0; c < n; c++) {
      p[c] = Math.min(1, Math.max(0, p[c]!));
      p[n + c] = Math.min(MAX_BIAS, Math.max(-MAX_BIAS, p[n + c]!));
    }
  };
  const grad = new Float64Array(2 * n);
  const next = new Float64Array(2 * n);
  let value = objective(x, grad);
  let step = 1 / rows.length;
  for (let it = 0; it < ITERATIONS; it++) {
    // Projected gradient descent; halve the step until the objective falls, then try a longer one.
    let moved = false;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < x.length; i++) next[i] = x[i]! - step * grad[i]!;
      project(next);
      const v = objective(next);
      if (v < value - 1e-12) {
        x.set(next);
        value = objective(x, grad);
        step *= 1.5;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  const rules = {} as Record<CategoryId, number>;
  const bias = {} as Record<CategoryId, number>;
  CATEGORY_IDS.forEach((id, c) => {
    rules[id] = round(x[c]!);
    bias[id] = round(x[n + c]!);
  });
  return { rules, bias, examples: rows.length };
}

/** The adjustment in words, e.g. for the dashboard or a log line: only what moved. */
export function describeTeamAdjustment(team: TeamAdjustment | undefined): string {
  if (!team) return 'no team adjustment';
  const parts: string[] = [];
  for (const [id, w] of Object.entries(team.rules)) {
    if (w < 0.95) parts.push(`rules for ${id} count ${Math.round(w * 100)} %`);
  }
  for (const [id, v] of Object.entries(team.bias)) {
    if (Math.abs(v) >= 0.1) parts.push(`${id} ${v > 0 ? '+' : ''}${v.toFixed(2)}`);
  }
  return `fit on ${team.examples} team examples: ${parts.length ? parts.join(', ') : 'nothing moved'}`;
}
