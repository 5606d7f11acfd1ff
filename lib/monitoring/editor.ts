import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { MonitoringLatest, MonitoringPublishResult } from '../messaging/protocol';
import { runPublish } from '../messaging/publish';
import {
  DEFAULT_MONITORING_SETTINGS,
  type MonitoringDocument,
  type MonitoringSettings,
} from '../schemas/monitoring';
import {
  EMPTY_FIELDS,
  fieldsToTerms,
  sameFields,
  type TermField,
  type TermFields,
  type TermIssue,
  termsToFields,
} from './terms-form';

/** What the options page's terms editor needs from outside; tests pass fakes. */
export interface TermsEditorServices {
  latest(): Promise<MonitoringLatest>;
  publish(settings: MonitoringSettings, baseVersion: number): Promise<MonitoringPublishResult>;
}

export interface TermsEditorState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | undefined;
  warning: string | undefined;
  /** The published document the draft started from (version 0: nobody published yet). */
  base: MonitoringDocument | undefined;
  fields: TermFields;
  /** The team's switch for capture in members' browsers. */
  captureEnabled: boolean;
  saved: { fields: TermFields; captureEnabled: boolean };
  issues: TermIssue[];
  publishing: boolean;
  conflict: Extract<MonitoringPublishResult, { status: 'conflict' }> | undefined;
  publishError: string | undefined;
  notice: string | undefined;
  load(): Promise<void>;
  setField(field: TermField, text: string): void;
  setCaptureEnabled(on: boolean): void;
  publish(): Promise<boolean>;
}

export type TermsEditorStore = StoreApi<TermsEditorState>;

export const selectTermsDirty = (s: TermsEditorState) =>
  !sameFields(s.fields, s.saved.fields) || s.captureEnabled !== s.saved.captureEnabled;

export function createTermsEditorStore(services: TermsEditorServices): TermsEditorStore {
  let loadSeq = 0;
  return createStore<TermsEditorState>()((set, get) => ({
    status: 'idle',
    loadError: undefined,
    warning: undefined,
    base: undefined,
    fields: EMPTY_FIELDS,
    captureEnabled: true,
    saved: { fields: EMPTY_FIELDS, captureEnabled: true },
    issues: [],
    publishing: false,
    conflict: undefined,
    publishError: undefined,
    notice: undefined,

    async load() {
      const seq = ++loadSeq;
      set({ status: 'loading', loadError: undefined });
      try {
        const { document, warning } = await services.latest();
        if (seq !== loadSeq) return;
        const settings = document ?? DEFAULT_MONITORING_SETTINGS;
        const fields = termsToFields(settings.terms);
        const captureEnabled = settings.capture.enabled;
        set({
          status: 'ready',
          warning,
          base: document ?? undefined,
          fields,
          captureEnabled,
          saved: { fields, captureEnabled },
          issues: [],
          conflict: undefined,
          publishError: undefined,
          notice: undefined,
        });
      } catch (err) {
        if (seq === loadSeq) set({ status: 'error', loadError: errorMessage(err) });
      }
    },

    setField(field, text) {
      const fields = { ...get().fields, [field]: text };
      set({ fields, issues: fieldsToTerms(fields).issues, notice: undefined, publishError: undefined });
    },

    setCaptureEnabled(on) {
      set({ captureEnabled: on, notice: undefined });
    },

    async publish() {
      const s = get();
      if (s.publishing) return false;
      const { terms, issues } = fieldsToTerms(s.fields);
      if (issues.length > 0) {
        set({
          issues,
          publishError: `Fix ${issues.length === 1 ? 'the line' : `the ${issues.length} lines`} marked below first: nothing was published.`,
        });
        return false;
      }
      // Retention and alert thresholds are not edited here: they go back as they were published.
      const settings: MonitoringSettings = {
        ...DEFAULT_MONITORING_SETTINGS,
        ...(s.base && { retentionDays: s.base.retentionDays, alerts: s.base.alerts }),
        terms,
        capture: { enabled: s.captureEnabled },
      };
      return runPublish(set, () => services.publish(settings, s.base?.version ?? 0), {
        published(document) {
          const fields = termsToFields(document.terms);
          set({
            base: document,
            fields,
            captureEnabled: document.capture.enabled,
            saved: { fields, captureEnabled: document.capture.enabled },
            notice: `Published version ${document.version}. Members' browsers pick it up on their next sync.`,
          });
        },
      });
    },
  }));
}
