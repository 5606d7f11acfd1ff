import { type ChangeEvent, useEffect, useId, useMemo, useState } from 'react';
import { usePages } from '../../../lib/pages/react';
import { selectIsManager } from '../../../lib/pages/store';
import { issuesUnder } from '../../../lib/playbooks/draft';
import { PlaybooksDraftContext, useDraft } from '../../../lib/playbooks-draft/react';
import {
  describeCount,
  type PlaybooksDraftStore,
  selectAllIssues,
  selectDirty,
} from '../../../lib/playbooks-draft/store';
import { CATEGORY_IDS, type CategoryId } from '../../../lib/schemas/categories';
import { describeIssuesPlainly, type PlaybookIssue } from '../../../lib/schemas/playbook';
import { categoryLabel } from '../../../lib/sidebar/format';
import { CategoriesEditor } from './CategoriesEditor';
import { LinksEditor } from './LinksEditor';
import { PlaybookEditor } from './PlaybookEditor';
import { RulesEditor } from './RulesEditor';

type Tab = 'playbooks' | 'categories' | 'rules' | 'links';
const TABS: { id: Tab; label: string; prefix: string }[] = [
  { id: 'playbooks', label: 'Playbooks', prefix: 'playbooks' },
  { id: 'categories', label: 'Categories', prefix: 'categories' },
  { id: 'rules', label: 'Classifier rules', prefix: 'rules' },
  { id: 'links', label: 'Links', prefix: 'settings' },
];

const formatDate = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The team's playbooks on the options page: managers and leads edit and publish them; everyone else
 * learns where they come from.
 */
export function PlaybooksSection({ editor }: { editor: PlaybooksDraftStore }) {
  const connected = usePages((s) => Boolean(s.status?.connected));
  const isManager = usePages(selectIsManager);
  const serverUrl = usePages((s) => s.status?.serverUrl);
  const member = usePages((s) => s.status?.member?.name);

  // A new connection (or another member on it) means another team's document.
  // biome-ignore lint/correctness/useExhaustiveDependencies: serverUrl and member are the reasons to reload
  useEffect(() => {
    if (connected) void editor.getState().load();
  }, [editor, connected, serverUrl, member]);

  return (
    <PlaybooksDraftContext value={editor}>
      <section
        aria-labelledby="rt-playbooks-title"
        className="rt-section rt-playbooks"
        id="playbooks"
        data-testid="pb-section"
      >
        <h2 id="rt-playbooks-title">Playbooks</h2>
        {!connected ? (
          <p className="rt-muted" data-testid="pb-not-connected">
            Connect to your team server to see the team's playbooks. Until then the sidebar uses the built-in
            ones.
          </p>
        ) : isManager ? (
          <Editor />
        ) : (
          <ReadOnly />
        )}
      </section>
    </PlaybooksDraftContext>
  );
}

function VersionLine() {
  const base = useDraft((s) => s.base);
  const source = useDraft((s) => s.source);
  if (!base || base.version === 0) {
    return (
      <p className="rt-muted" data-testid="pb-version" data-version="0">
        Nobody has published playbooks yet: everyone uses the built-in ones.
      </p>
    );
  }
  return (
    <p className="rt-muted" data-testid="pb-version" data-version={base.version} data-source={source}>
      Version {base.version}, published by {base.updatedBy} on {formatDate(base.updatedAt)}.
    </p>
  );
}

function ReadOnly() {
  const status = useDraft((s) => s.status);
  return (
    <div data-testid="pb-readonly">
      <p className="rt-muted">
        Your community manager writes the playbooks; the sidebar shows the one for each thread's category.
      </p>
      {status === 'ready' ? <VersionLine /> : null}
    </div>
  );
}

function Editor() {
  const status = useDraft((s) => s.status);
  const loadError = useDraft((s) => s.loadError);
  const load = useDraft((s) => s.load);
  const [tab, setTab] = useState<Tab>('playbooks');
  const [category, setCategory] = useState<CategoryId>('support_needed');

  if (status === 'error') {
    return (
      <div className="rt-error" role="alert" data-testid="pb-load-error">
        <p>{loadError}</p>
        <button type="button" className="rt-button rt-secondary" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  if (status !== 'ready') return <p className="rt-muted">Loading the team's playbooks…</p>;

  /** From a problem in the summary to the field it is about. */
  const goTo = (issue: PlaybookIssue) => {
    const [head, second, third] = issue.path;
    const owner = TABS.find((t) => t.prefix === head);
    if (owner) setTab(owner.id);
    const id =
      head === 'playbooks' ? second : head === 'rules' && second === 'categories' ? third : undefined;
    if ((CATEGORY_IDS as readonly unknown[]).includes(id)) setCategory(id as CategoryId);
  };

  return (
    <div className="rt-pb-editor" data-testid="pb-editor">
      <VersionLine />
      <Warning />
      <Incoming />
      <Toolbar />
      <Messages />
      <IssueSummary onPick={goTo} />
      <Tabs tab={tab} onTab={setTab} />
      <div role="tabpanel" aria-labelledby={`rt-pb-tab-${tab}`}>
        {tab === 'playbooks' ? <PlaybookEditor category={category} onCategory={setCategory} /> : null}
        {tab === 'categories' ? <CategoriesEditor /> : null}
        {tab === 'rules' ? <RulesEditor category={category} onCategory={setCategory} /> : null}
        {tab === 'links' ? <LinksEditor /> : null}
      </div>
    </div>
  );
}

function Warning() {
  const warning = useDraft((s) => s.warning);
  return warning ? (
    <p className="rt-warning" data-testid="pb-warning">
      {warning}
    </p>
  ) : null;
}

/** A reload or reconnect found another version while the draft had unpublished changes: ask. */
function Incoming() {
  const incoming = useDraft((s) => s.incoming);
  const base = useDraft((s) => s.base);
  const keepDraft = useDraft((s) => s.keepDraft);
  const takeIncoming = useDraft((s) => s.takeIncoming);
  if (!incoming) return null;
  const theirs = incoming.base?.version
    ? `Version ${incoming.base.version}, published by ${incoming.base.updatedBy} on ${formatDate(incoming.base.updatedAt)}`
    : 'The built-in playbooks (nobody has published yet)';
  const load = incoming.base?.version ? `Load version ${incoming.base.version}` : 'Load the built-in ones';
  return (
    <div
      className="rt-warning"
      role="alert"
      data-testid="pb-incoming"
      data-version={incoming.base?.version ?? 0}
    >
      <p>
        {theirs} is what the team server has now. Your unpublished changes to version {base?.version ?? 0} are
        still here.
      </p>
      <div className="rt-actions">
        <button type="button" className="rt-button" data-testid="pb-incoming-keep" onClick={keepDraft}>
          Keep my changes
        </button>
        <button
          type="button"
          className="rt-button rt-secondary"
          data-testid="pb-incoming-load"
          onClick={takeIncoming}
        >
          {load} (drops my changes)
        </button>
      </div>
    </div>
  );
}

function Tabs({ tab, onTab }: { tab: Tab; onTab: (t: Tab) => void }) {
  const issues = useDraft((s) => s.issues);
  const serverIssues = useDraft((s) => s.serverIssues);
  return (
    <div className="rt-tabs" role="tablist" aria-label="Parts of the playbooks">
      {TABS.map((t) => {
        const n = issuesUnder([...issues, ...serverIssues], [t.prefix]).length;
        return (
          <button
            key={t.id}
            id={`rt-pb-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === tab}
            className="rt-tab"
            data-testid={`pb-tab-${t.id}`}
            data-issues={n}
            onClick={() => onTab(t.id)}
          >
            {t.label}
            {n > 0 ? (
              <span className="rt-badge">
                {n}
                <span className="rt-visually-hidden"> {n === 1 ? 'problem' : 'problems'}</span>
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

function Toolbar() {
  const dirty = useDraft(selectDirty);
  const count = useDraft((s) => selectAllIssues(s).length);
  const publishing = useDraft((s) => s.publishing);
  const base = useDraft((s) => s.base);
  const publish = useDraft((s) => s.publish);
  const load = useDraft((s) => s.load);
  const exportFile = useDraft((s) => s.exportFile);
  const importFile = useDraft((s) => s.importFile);
  const resetToDefaults = useDraft((s) => s.resetToDefaults);
  // Unpublished work is one click from gone (discard, the built-in set, a file): ask first.
  const [confirming, setConfirming] = useState<Replacement | undefined>(undefined);
  const fileId = useId();
  useLeaveWarning(dirty);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const text = await readText(file);
    if (dirty) setConfirming({ kind: 'import', text });
    else importFile(text);
  };
  const replace = (r: Replacement) => {
    setConfirming(undefined);
    if (r.kind === 'discard') void load({ discard: true });
    else if (r.kind === 'reset') resetToDefaults();
    else importFile(r.text);
  };

  return (
    <div className="rt-toolbar">
      <button
        type="button"
        className="rt-button"
        data-testid="pb-publish"
        disabled={publishing || !dirty || count > 0}
        aria-busy={publishing}
        onClick={() => void publish()}
      >
        {publishing ? 'Publishing…' : 'Publish to the team'}
      </button>
      <span className="rt-muted" data-testid="pb-dirty" data-dirty={String(dirty)}>
        {count > 0
          ? `${describeCount(count)} to fix before publishing`
          : dirty
            ? `Unsaved changes to version ${base?.version ?? 0}`
            : 'No changes'}
      </span>
      <span className="rt-toolbar-gap" />
      <button
        type="button"
        className="rt-button rt-secondary rt-small"
        data-testid="pb-export"
        onClick={exportFile}
      >
        Export JSON
      </button>
      <label htmlFor={fileId} className="rt-button rt-secondary rt-small rt-file">
        Import JSON
        <input
          id={fileId}
          data-testid="pb-import"
          type="file"
          accept="application/json,.json"
          className="rt-visually-hidden"
          onChange={(e) => void onFile(e)}
        />
      </label>
      <button
        type="button"
        className="rt-button rt-secondary rt-small"
        data-testid="pb-reset"
        onClick={() => (dirty ? setConfirming({ kind: 'reset' }) : resetToDefaults())}
      >
        Start from the built-in playbooks
      </button>
      {confirming && dirty ? (
        <fieldset className="rt-inline rt-confirm" data-testid="pb-confirm" data-kind={confirming.kind}>
          <legend>{CONFIRM_WORDS[confirming.kind].question}</legend>
          <button
            type="button"
            className="rt-button rt-small"
            data-testid="pb-discard-confirm"
            onClick={() => replace(confirming)}
          >
            {CONFIRM_WORDS[confirming.kind].action}
          </button>
          <button
            type="button"
            className="rt-button rt-secondary rt-small"
            onClick={() => setConfirming(undefined)}
          >
            Keep editing
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-reload"
          onClick={() => (dirty ? setConfirming({ kind: 'discard' }) : void load())}
        >
          {dirty ? 'Discard changes' : 'Reload'}
        </button>
      )}
    </div>
  );
}

type Replacement = { kind: 'discard' } | { kind: 'reset' } | { kind: 'import'; text: string };

const CONFIRM_WORDS: Record<Replacement['kind'], { question: string; action: string }> = {
  discard: { question: 'Discard your changes?', action: 'Discard' },
  reset: {
    question: 'Replace your unpublished changes with the built-in playbooks?',
    action: 'Use the built-in ones',
  },
  import: { question: 'Replace your unpublished changes with the file?', action: 'Import the file' },
};

/**
 * Closing the tab, reloading or navigating away with unpublished edits asks first (the browser's own
 * dialog; its wording is the browser's).
 */
export function useLeaveWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older Chromium shows the dialog only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}

function Messages() {
  const notice = useDraft((s) => s.notice);
  const conflict = useDraft((s) => s.conflict);
  const publishError = useDraft((s) => s.publishError);
  const importError = useDraft((s) => s.importError);
  const load = useDraft((s) => s.load);
  const exportFile = useDraft((s) => s.exportFile);
  const labelOf = useCategoryLabels();
  return (
    <>
      {notice ? (
        <p className="rt-notice" role="status" data-testid="pb-notice" data-kind={notice.kind}>
          {notice.text}
        </p>
      ) : null}
      {conflict ? (
        <div
          className="rt-error"
          role="alert"
          data-testid="pb-conflict"
          data-version={conflict.currentVersion}
        >
          <p>{conflict.message}</p>
          <p>
            Reload to edit version {conflict.currentVersion}; export first to keep your changes in a file.
          </p>
          <div className="rt-actions">
            <button
              type="button"
              className="rt-button"
              data-testid="pb-conflict-reload"
              onClick={() => void load({ discard: true })}
            >
              Reload version {conflict.currentVersion}
            </button>
            <button
              type="button"
              className="rt-button rt-secondary"
              data-testid="pb-conflict-export"
              onClick={exportFile}
            >
              Export my changes
            </button>
          </div>
        </div>
      ) : null}
      {publishError ? (
        <p className="rt-error" role="alert" data-testid="pb-publish-error">
          {publishError}
        </p>
      ) : null}
      {importError ? (
        <div className="rt-error" role="alert" data-testid="pb-import-error">
          <p>{importError.message}</p>
          {importError.issues.length > 0 ? (
            <ul>
              {describeIssuesPlainly(importError.issues, labelOf)
                .slice(0, 20)
                .map((line) => (
                  <li key={line} data-testid="pb-import-issue">
                    {line}
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

const SHOWN_ISSUES = 8;

/** Every problem, also those on tabs not open; each one leads to its field. */
function IssueSummary({ onPick }: { onPick: (i: PlaybookIssue) => void }) {
  const issues = useDraft((s) => s.issues);
  const serverIssues = useDraft((s) => s.serverIssues);
  const all = useMemo(() => [...issues, ...serverIssues], [issues, serverIssues]);
  const labelOf = useCategoryLabels();
  if (all.length === 0) return null;
  const lines = describeIssuesPlainly(all, labelOf);
  const shown = all.slice(0, SHOWN_ISSUES).map((issue, i) => ({ issue, line: lines[i]! }));
  return (
    <div className="rt-issues" data-testid="pb-issues" data-count={all.length}>
      <p>
        <strong>{describeCount(all.length)}</strong> to fix before publishing:
      </p>
      <ul>
        {shown
          .filter((x, i) => shown.findIndex((y) => y.line === x.line) === i)
          .map(({ issue, line }) => (
            <li key={line}>
              <button type="button" className="rt-link" data-testid="pb-issue" onClick={() => onPick(issue)}>
                {line}
              </button>
            </li>
          ))}
      </ul>
      {all.length > SHOWN_ISSUES ? <p className="rt-muted">…and {all.length - SHOWN_ISSUES} more.</p> : null}
    </div>
  );
}

/** FileReader rather than `Blob.text()`, which older engines (and jsdom) lack. */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsText(file);
  });
}

/** Names a category in a problem's place as the editor's tabs do ("Needs support"). */
function useCategoryLabels(): (id: string) => string {
  const categories = useDraft((s) => s.draft.categories);
  return useMemo(
    () => (id: string) =>
      (CATEGORY_IDS as readonly string[]).includes(id) ? categoryLabel(id as CategoryId, categories) : id,
    [categories],
  );
}
