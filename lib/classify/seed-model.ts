/**
 * The seed model shipped with the extension and the server (trained by scripts/train-classifier.ts on
 * the labelled sets), and how `classify` turns what it is given into a model it can use.
 */
import { type LinearModel, loadModel } from './model';
import seed from './model/seed-model.json';

/** A loaded model, a model file as parsed JSON (possibly damaged), or `null` for the rules alone. */
export type ModelSource = LinearModel | unknown;

export type Resolved = { ok: true; model: LinearModel } | { ok: false; reason: string | undefined };

const loaded = new WeakMap<object, Resolved>();

function fromData(data: object): Resolved {
  let r = loaded.get(data);
  if (!r) {
    const l = loadModel(data);
    r = l.ok
      ? l
      : { ok: false, reason: `the model could not be used (${l.reason}): the rules answered alone` };
    loaded.set(data, r);
  }
  return r;
}

const isLoaded = (m: unknown): m is LinearModel =>
  typeof m === 'object' && m !== null && 'weights' in m && m.weights instanceof Int8Array;

/** The shipped seed model. */
export function seedModel(): Resolved {
  return fromData(seed);
}

export function resolveModel(source: ModelSource): Resolved {
  if (source === undefined) return seedModel();
  if (source === null) return { ok: false, reason: undefined };
  if (isLoaded(source)) return { ok: true, model: source };
  if (typeof source !== 'object') {
    return { ok: false, reason: 'the model could not be used (not a model file): the rules answered alone' };
  }
  return fromData(source);
}
