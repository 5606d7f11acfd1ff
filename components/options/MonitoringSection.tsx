import { createContext, useContext, useEffect, useId } from 'react';
import { useStore } from 'zustand';
import { selectTermsDirty, type TermsEditorState, type TermsEditorStore } from '../../lib/monitoring/editor';
import { FIELD_LABELS, TERM_FIELDS, type TermField } from '../../lib/monitoring/terms-form';
import { usePages } from '../../lib/pages/react';
import { selectIsManager } from '../../lib/pages/store';

const TermsContext = createContext<TermsEditorStore | null>(null);
function useTerms<T>(selector: (s: TermsEditorState) => T): T {
  const store = useContext(TermsContext);
  if (!store) throw new Error('useTerms needs a TermsContext provider above it');
  return useStore(store, selector);
}

const HINTS: Record<TermField, string> = {
  words:
    'Any case, whole words: “finvo” does not match “finvoice”. End a word with * for its endings (финв*).',
  handles: 'Posts that mention or reply to these accounts, e.g. @finvo.',
  cashtags: 'e.g. $FINV.',
  hashtags: 'e.g. #finvo.',
  channels: 'Videos of these channels and the comments under them, e.g. UCxxxxxxxxxxxxxxxxxxxxxx.',
  exclude:
    'A post that matches any of these is not a mention, even if it matches the above (e.g. “finvo is hiring”; @handle: posts by that account).',
};

const formatDate = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * What the team monitors (issue 12): managers and leads edit the terms and the team's capture switch and
 * publish them with the same version check as playbooks; everyone else sees what is looked for.
 */
export function MonitoringSection({ editor }: { editor: TermsEditorStore }) {
  const connected = usePages((s) => Boolean(s.status?.connected));
  const isManager = usePages(selectIsManager);
  const serverUrl = usePages((s) => s.status?.serverUrl);
  useEffect(() => {
    if (connected && serverUrl) void editor.getState().load();
  }, [editor, connected, serverUrl]);
  return (
    <TermsContext value={editor}>
      <section
        aria-labelledby="rt-terms-title"
        className="rt-section"
        id="monitoring"
        data-testid="terms-section"
      >
        <h2 id="rt-terms-title">Monitoring</h2>
        {!connected ? (
          <p className="rt-muted">Connect to your team server to see what the team monitors.</p>
        ) : isManager ? (
          <TermsEditor />
        ) : (
          <ReadOnly />
        )}
      </section>
    </TermsContext>
  );
}

function VersionLine() {
  const base = useTerms((s) => s.base);
  if (!base || base.version === 0) {
    return (
      <p className="rt-muted" data-testid="terms-version" data-version="0">
        Nobody has published terms yet: nothing is captured.
      </p>
    );
  }
  return (
    <p className="rt-muted" data-testid="terms-version" data-version={base.version}>
      Version {base.version}, published by {base.updatedBy} on {formatDate(base.updatedAt)}.
    </p>
  );
}

function ReadOnly() {
  const status = useTerms((s) => s.status);
  const base = useTerms((s) => s.base);
  if (status !== 'ready') return null;
  const n = base?.terms.include.length ?? 0;
  return (
    <div data-testid="terms-readonly">
      <p className="rt-muted">
        Your community manager chooses the terms. {n === 0 ? 'None yet.' : `The team looks for ${n} terms.`}{' '}
        Pause capture for yourself in the popup.
      </p>
      <VersionLine />
    </div>
  );
}

function TermsEditor() {
  const status = useTerms((s) => s.status);
  const loadError = useTerms((s) => s.loadError);
  const warning = useTerms((s) => s.warning);
  const load = useTerms((s) => s.load);
  if (status === 'error') {
    return (
      <div className="rt-error" role="alert" data-testid="terms-load-error">
        <p>{loadError}</p>
        <button type="button" className="rt-button rt-secondary" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  if (status !== 'ready') return <p className="rt-muted">Loading the team's terms…</p>;
  return (
    <div className="rt-pb-editor rt-terms" data-testid="terms-editor">
      <VersionLine />
      {warning ? <p className="rt-warning">{warning}</p> : null}
      <p className="rt-muted">
        Members' browsers keep the public posts they are shown on x.com and youtube.com that match these
        terms, and send them to the team's inbox. One term a line.
      </p>
      <div className="rt-terms-grid">
        {TERM_FIELDS.map((f) => (
          <TermBox key={f} field={f} />
        ))}
      </div>
      <CaptureSwitch />
      <Publish />
    </div>
  );
}

function TermBox({ field }: { field: TermField }) {
  const value = useTerms((s) => s.fields[field]);
  const setField = useTerms((s) => s.setField);
  // The whole list is a stable reference; a filtered one would be new on every render.
  const issues = useTerms((s) => s.issues).filter((i) => i.field === field);
  const id = useId();
  return (
    <div className="rt-field" data-testid={`terms-field-${field}`}>
      <label htmlFor={id}>{FIELD_LABELS[field]}</label>
      <p className="rt-muted rt-terms-hint" id={`${id}-hint`}>
        {HINTS[field]}
      </p>
      <textarea
        id={id}
        rows={field === 'words' || field === 'exclude' ? 6 : 3}
        value={value}
        spellCheck={false}
        aria-describedby={`${id}-hint${issues.length ? ` ${id}-issues` : ''}`}
        aria-invalid={issues.length > 0}
        data-testid={`terms-${field}`}
        onChange={(e) => setField(field, e.target.value)}
      />
      {issues.length > 0 ? (
        <ul
          className="rt-field-error rt-terms-issues"
          id={`${id}-issues`}
          data-testid={`terms-issues-${field}`}
        >
          {issues.map((i) => (
            <li key={`${i.line}:${i.message}`}>
              {i.line > 0 ? `Line ${i.line}: ` : ''}
              {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CaptureSwitch() {
  const on = useTerms((s) => s.captureEnabled);
  const set = useTerms((s) => s.setCaptureEnabled);
  const id = useId();
  return (
    <div className="rt-field rt-inline">
      <input
        id={id}
        type="checkbox"
        checked={on}
        data-testid="terms-capture"
        onChange={(e) => set(e.target.checked)}
      />
      <label htmlFor={id}>
        Capture mentions in members' browsers (each member can still pause it for themselves)
      </label>
    </div>
  );
}

function Publish() {
  const dirty = useTerms(selectTermsDirty);
  const issues = useTerms((s) => s.issues.length);
  const publishing = useTerms((s) => s.publishing);
  const publish = useTerms((s) => s.publish);
  const notice = useTerms((s) => s.notice);
  const conflict = useTerms((s) => s.conflict);
  const publishError = useTerms((s) => s.publishError);
  const load = useTerms((s) => s.load);
  const base = useTerms((s) => s.base);
  return (
    <>
      <div className="rt-toolbar">
        <button
          type="button"
          className="rt-button"
          data-testid="terms-publish"
          disabled={publishing || !dirty}
          aria-busy={publishing}
          onClick={() => void publish()}
        >
          {publishing ? 'Publishing…' : 'Publish terms to the team'}
        </button>
        <span className="rt-muted" data-testid="terms-dirty" data-dirty={String(dirty)}>
          {issues > 0
            ? `${issues === 1 ? '1 line' : `${issues} lines`} to fix before publishing`
            : dirty
              ? `Unsaved changes to version ${base?.version ?? 0}`
              : 'No changes'}
        </span>
      </div>
      {notice ? (
        <p className="rt-notice" role="status" data-testid="terms-notice">
          {notice}
        </p>
      ) : null}
      {publishError ? (
        <p className="rt-error" role="alert" data-testid="terms-error">
          {publishError}
        </p>
      ) : null}
      {conflict ? (
        <div
          className="rt-error"
          role="alert"
          data-testid="terms-conflict"
          data-version={conflict.currentVersion}
        >
          <p>{conflict.message}</p>
          <p>
            Copy your lines somewhere, reload version {conflict.currentVersion}, and make your change again.
          </p>
          <button
            type="button"
            className="rt-button"
            data-testid="terms-conflict-reload"
            onClick={() => void load()}
          >
            Reload version {conflict.currentVersion}
          </button>
        </div>
      ) : null}
    </>
  );
}
