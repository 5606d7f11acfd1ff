import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { PlaybooksLatest, PublishResult } from '../messaging/protocol';
import { runPublish } from '../messaging/publish';
import { resolvePlaybooks } from '../playbooks';
import { DEFAULT_PLAYBOOKS } from '../playbooks/defaults';
import { exportFileName, exportJson, type Path, parseImport, setIn, validateDraft } from '../playbooks/draft';
import { describeIssues, type PlaybookContent, type PlaybookIssue } from '../schemas/playbook';

/**
 * The manager's draft of the team's playbooks document (one playbook per category, the categories, the
 * classifier rules and the links), as the options page's Playbooks section edits, checks, imports,
 * exports and publishes it. What it needs from the outside world; tests pass fakes.
 */
export interface PlaybooksDraftServices {
  latest(): Promise<PlaybooksLatest>;
  publish(content: PlaybookContent, baseVersion: number): Promise<PublishResult>;
  /** Hands a file to the browser's downloads. */
  saveFile(name: string, text: string): void;
  now?(): Date;
}

export interface EditedVersion {
  /** 0 when nobody has published yet. */
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export type EditorNotice = { kind: 'published' | 'imported' | 'info'; text: string } | undefined;

/** What a load brought while the draft held unpublished changes: offered, never applied unasked. */
export interface IncomingVersion {
  draft: PlaybookContent;
  base: EditedVersion | undefined;
  source: 'team' | 'default';
  warning: string | undefined;
}

export interface PlaybooksDraftState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadError: string | undefined;
  /** The server could not be asked; the cached version is shown (and may be old). */
  warning: string | undefined;
  /** The published version this draft started from; publishing goes over exactly this one. */
  base: EditedVersion | undefined;
  /** Where the draft started: the team's document, or the built-in defaults. */
  source: 'team' | 'default';
  draft: PlaybookContent;
  /** The draft as last loaded or published, for "unsaved changes". */
  saved: PlaybookContent;
  issues: PlaybookIssue[];
  /** What the server objected to on the last publish; cleared by the next edit. */
  serverIssues: PlaybookIssue[];
  publishing: boolean;
  conflict: Extract<PublishResult, { status: 'conflict' }> | undefined;
  publishError: string | undefined;
  importError: { message: string; issues: PlaybookIssue[] } | undefined;
  notice: EditorNotice;
  /**
   * The team's version as a reload or a reconnect found it while the draft had unpublished changes;
   * the draft stays until the person picks one (`keepDraft` or `takeIncoming`).
   */
  incoming: IncomingVersion | undefined;

  /**
   * Fetches the team's version. Unpublished changes are kept: a different version is offered as
   * `incoming` instead. `discard`: the person asked to drop their changes (Discard, a conflict's Reload).
   */
  load(opts?: { discard?: boolean }): Promise<void>;
  /** Keeps the draft and forgets the offered version. */
  keepDraft(): void;
  /** Replaces the draft with the offered version. */
  takeIncoming(): void;
  /** Sets one field of the draft; `undefined` removes an optional one. */
  edit(path: Path, value: unknown): void;
  /** Replaces the draft (or a part of it) with a computed value, e.g. a list with an item added. */
  update(fn: (draft: PlaybookContent) => PlaybookContent): void;
  importFile(text: string): void;
  exportFile(): void;
  resetToDefaults(): void;
  publish(): Promise<boolean>;
  dismissNotice(): void;
}

export type PlaybooksDraftStore = StoreApi<PlaybooksDraftState>;

export const selectDirty = (s: PlaybooksDraftState): boolean => s.draft !== s.saved;
export const selectAllIssues = (s: PlaybooksDraftState): PlaybookIssue[] =>
  s.serverIssues.length ? [...s.issues, ...s.serverIssues] : s.issues;

/**
 * The draft's own store. Separate from the pages store (lib/pages/store.ts), which the popup also
 * uses: the popup has no business holding a 60 KB draft.
 */
export function createPlaybooksDraftStore(services: PlaybooksDraftServices): PlaybooksDraftStore {
  const now = () => services.now?.() ?? new Date();
  let loadSeq = 0;
  return createStore<PlaybooksDraftState>()((set, get) => {
    const replaceDraft = (draft: PlaybookContent, extra: Partial<PlaybooksDraftState> = {}) =>
      set({ draft, issues: validateDraft(draft), serverIssues: [], ...extra });
    const takeVersion = (v: IncomingVersion) =>
      replaceDraft(v.draft, {
        status: 'ready',
        saved: v.draft,
        source: v.source,
        base: v.base,
        warning: v.warning,
        incoming: undefined,
        conflict: undefined,
        publishError: undefined,
        importError: undefined,
        notice: undefined,
      });

    return {
      status: 'idle',
      loadError: undefined,
      warning: undefined,
      base: undefined,
      source: 'default',
      draft: DEFAULT_PLAYBOOKS,
      saved: DEFAULT_PLAYBOOKS,
      issues: [],
      serverIssues: [],
      publishing: false,
      conflict: undefined,
      publishError: undefined,
      importError: undefined,
      notice: undefined,
      incoming: undefined,

      async load({ discard = false } = {}) {
        const seq = ++loadSeq;
        set({ status: 'loading', loadError: undefined });
        try {
          const { document, warning } = await services.latest();
          if (seq !== loadSeq) return;
          const resolved = resolvePlaybooks(document?.content);
          const unusable = resolved.issues
            ? `Version ${document?.version} as published does not validate (${describeIssues(resolved.issues)[0]}); you are editing the built-in playbooks instead.`
            : undefined;
          const found: IncomingVersion = {
            draft: resolved.content,
            source: resolved.source,
            base: document
              ? { version: document.version, updatedBy: document.updatedBy, updatedAt: document.updatedAt }
              : undefined,
            warning: [warning, unusable].filter(Boolean).join(' ') || undefined,
          };
          const s = get();
          if (discard || !selectDirty(s)) {
            takeVersion(found);
            return;
          }
          // Unpublished changes stay. The same version needs no question; another one is offered.
          const same = sameVersion(s.base, found.base) && s.source === found.source;
          set({ status: 'ready', warning: found.warning, incoming: same ? undefined : found });
        } catch (err) {
          if (seq === loadSeq) set({ status: 'error', loadError: errorMessage(err) });
        }
      },

      keepDraft: () => set({ incoming: undefined }),
      takeIncoming() {
        const incoming = get().incoming;
        if (incoming) takeVersion(incoming);
      },

      edit(path, value) {
        replaceDraft(setIn(get().draft, path, value), { notice: undefined });
      },
      update(fn) {
        replaceDraft(fn(get().draft), { notice: undefined });
      },

      importFile(text) {
        const result = parseImport(text);
        if (!result.ok) {
          set({ importError: { message: result.message, issues: result.issues }, notice: undefined });
          return;
        }
        replaceDraft(result.content, {
          importError: undefined,
          notice: {
            kind: 'imported',
            text: 'Imported. Check it here, then Publish to send it to the team.',
          },
        });
      },

      exportFile() {
        services.saveFile(exportFileName(get().base?.version, now()), exportJson(get().draft));
      },

      resetToDefaults() {
        replaceDraft(DEFAULT_PLAYBOOKS, {
          notice: {
            kind: 'info',
            text: 'The built-in playbooks are in the editor. Publish to use them for the team.',
          },
        });
      },

      async publish() {
        const s = get();
        if (s.publishing) return false;
        if (s.issues.length > 0) {
          set({ publishError: `Fix ${describeCount(s.issues.length)} first: nothing was published.` });
          return false;
        }
        const draft = s.draft;
        return runPublish(set, () => services.publish(draft, s.base?.version ?? 0), {
          published(d) {
            set({
              base: { version: d.version, updatedBy: d.updatedBy, updatedAt: d.updatedAt },
              source: 'team',
              saved: draft,
              incoming: undefined,
              notice: {
                kind: 'published',
                text: `Published version ${d.version}. Every sidebar picks it up on its next sync.`,
              },
            });
          },
          invalid: (result) => set({ serverIssues: result.issues, publishError: result.message }),
        });
      },

      dismissNotice: () => set({ notice: undefined }),
    };
  });
}

const sameVersion = (a: EditedVersion | undefined, b: EditedVersion | undefined): boolean =>
  a?.version === b?.version && a?.updatedAt === b?.updatedAt && a?.updatedBy === b?.updatedBy;

export function describeCount(n: number): string {
  return n === 1 ? '1 problem' : `${n} problems`;
}
