import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { CaptureStatus } from '../messaging/protocol';
import type { MentionAlert } from '../schemas/mention';

/** What the popup's capture card and a manager's alerts need; tests pass fakes. */
export interface CaptureServices {
  status(): Promise<CaptureStatus>;
  pause(paused: boolean): Promise<CaptureStatus>;
  /** Null for anyone but managers and leads, or when not connected. */
  alerts(): Promise<MentionAlert[] | null>;
  onRevision?(listener: () => void): () => void;
}

export interface CaptureState {
  status: CaptureStatus | undefined;
  error: string | undefined;
  busy: boolean;
  alerts: MentionAlert[];
  alertsError: string | undefined;
  load(): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  /** Loads now and again on every change the background announces; returns how to stop. */
  watch(): () => void;
}

export type CaptureStore = StoreApi<CaptureState>;

export function createCaptureStore(services: CaptureServices): CaptureStore {
  return createStore<CaptureState>()((set, get) => ({
    status: undefined,
    error: undefined,
    busy: false,
    alerts: [],
    alertsError: undefined,
    async load() {
      const [status, alerts] = await Promise.allSettled([services.status(), services.alerts()]);
      set(
        status.status === 'fulfilled'
          ? { status: status.value, error: undefined }
          : { error: `Capture status unknown: ${errorMessage(status.reason)}` },
      );
      set(
        alerts.status === 'fulfilled'
          ? { alerts: alerts.value ?? [], alertsError: undefined }
          : { alertsError: errorMessage(alerts.reason) },
      );
    },
    async setPaused(paused) {
      if (get().busy) return;
      set({ busy: true, error: undefined });
      try {
        set({ status: await services.pause(paused) });
      } catch (err) {
        set({ error: `${paused ? 'Could not pause' : 'Could not resume'}: ${errorMessage(err)}` });
      } finally {
        set({ busy: false });
      }
    },
    watch() {
      void get().load();
      return services.onRevision?.(() => void get().load()) ?? (() => {});
    },
  }));
}
