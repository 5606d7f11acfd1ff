/**
 * The dashboard's classifier panel (issue 13): the team's model runs (GET /classifier/runs) and a
 * Retrain button (POST /classifier/retrain, which answers when training is done, tens of seconds).
 */
import type { StateCreator } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { ModelRun, ModelRunsResponse } from '../schemas/classifier';
import type { ReportsServices } from './services';

export interface ModelSlice {
  model: ModelRunsResponse | undefined;
  modelError: string | undefined;
  /** A retraining this page started: when, and its outcome once it answered. */
  retrain:
    | { state: 'running'; since: number }
    | { state: 'done'; run: ModelRun }
    | { state: 'failed'; message: string }
    | undefined;
  loadModel(): Promise<void>;
  startRetrain(): Promise<void>;
}

export const modelSlice =
  <S extends ModelSlice>(
    services: ReportsServices,
    now: () => number = Date.now,
  ): StateCreator<S, [], [], ModelSlice> =>
  (set, get) => ({
    model: undefined,
    modelError: undefined,
    retrain: undefined,
    async loadModel() {
      if (!services.classifierRuns) return;
      try {
        const model = await services.classifierRuns();
        set({ model, modelError: undefined } as Partial<S>);
      } catch (err) {
        set({ modelError: errorMessage(err) } as Partial<S>);
      }
    },
    async startRetrain() {
      if (!services.retrainClassifier || get().retrain?.state === 'running') return;
      set({ retrain: { state: 'running', since: now() } } as Partial<S>);
      try {
        const run = await services.retrainClassifier();
        set({ retrain: { state: 'done', run } } as Partial<S>);
      } catch (err) {
        set({ retrain: { state: 'failed', message: errorMessage(err) } } as Partial<S>);
      }
      await get().loadModel();
    },
  });
