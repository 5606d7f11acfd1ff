import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import {
  CATEGORY_IDS,
  type CategoryId,
  categoryConfig,
  PRIORITIES,
  type Priority,
} from '../../lib/schemas/categories';
import { priorityLabel } from '../../lib/sidebar/format';
import { suggestionFor } from '../../lib/sidebar/member';
import { threadKey } from '../../lib/sidebar/playbook';
import { useSidebar } from '../../lib/sidebar/react';
import { selectActiveThread } from '../../lib/sidebar/store';
import { useTrustedSubmit } from '../../lib/sidebar/trusted';

// The most common kind of mention (domain.md): routine "how do I…" questions.
const DEFAULT_CATEGORY: CategoryId = 'technical_question';

/**
 * The category this thread is most likely to be, for a form to start from: a teammate's suggestion,
 * else the category the ambassador picked in "How to answer", else the classifier's.
 */
export function useStartingCategory(): CategoryId {
  const ctx = useSidebar(selectActiveThread);
  const teammate = useSidebar((s) => suggestionFor(s.suggestions, ctx)?.category);
  const override = useSidebar((s) => (ctx ? s.overrides[threadKey(ctx)] : undefined));
  const classified = useSidebar((s) => s.suggest(ctx?.text)?.category);
  return teammate ?? override ?? classified ?? DEFAULT_CATEGORY;
}

interface TrackFormProps {
  /** `track`: a manager tracks it now; `suggest`: an ambassador asks the manager to. */
  mode: 'track' | 'suggest';
  onDone(): void;
  onCancel(): void;
}

export function TrackForm({ mode, onDone, onCancel }: TrackFormProps) {
  const id = useId();
  const track = useSidebar((s) => s.track);
  const suggestThread = useSidebar((s) => s.suggestThread);
  const busy = useSidebar((s) => (mode === 'track' ? s.pending === 'track' : s.suggesting));
  const start = useStartingCategory();
  const [category, setCategory] = useState<CategoryId>(start);
  // Priority follows the category's default until the manager picks one themselves.
  const [priority, setPriority] = useState<Priority | undefined>();
  const [note, setNote] = useState('');
  const categoryRef = useRef<HTMLSelectElement>(null);
  // The form replaced the button just pressed; keep keyboard focus where the member will act.
  useEffect(() => categoryRef.current?.focus(), []);
  // The team's published categories (priority, SLA, labels), else the built-in ones.
  const categories = useSidebar((s) => s.playbooks.content.categories);
  const config = categoryConfig(category, categories);
  const effectivePriority = priority ?? config.priority;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const ok =
      mode === 'track'
        ? await track({ category, priority: effectivePriority, note })
        : await suggestThread({ category, note });
    if (ok) onDone();
  };
  // Tracking and suggesting act with the member's token: a person's own submit only.
  const trusted = useTrustedSubmit((e: FormEvent) => void send(e));

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="rt-form"
      data-testid={mode === 'track' ? 'rt-track-form' : 'rt-suggest-form'}
      aria-label={mode === 'track' ? 'Track this thread' : 'Suggest this thread to your manager'}
      {...trusted}
      onKeyDown={onKeyDown}
    >
      <div className="rt-field">
        <label htmlFor={`${id}-category`}>Category</label>
        <select
          id={`${id}-category`}
          name="category"
          value={category}
          ref={categoryRef}
          aria-describedby={`${id}-category-help`}
          onChange={(e) => setCategory(e.target.value as CategoryId)}
        >
          {CATEGORY_IDS.map((c) => (
            <option key={c} value={c}>
              {categoryConfig(c, categories).label}
            </option>
          ))}
        </select>
        <p id={`${id}-category-help`} className="rt-help" data-testid="rt-form-sla">
          {config.description}. First reaction within {config.slaHours} h.
        </p>
      </div>
      {mode === 'track' && (
        <div className="rt-field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select
            id={`${id}-priority`}
            name="priority"
            value={effectivePriority}
            onChange={(e) => setPriority(e.target.value as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="rt-field">
        <label htmlFor={`${id}-note`}>
          {mode === 'track' ? 'Note for the team' : 'Note for your manager'}
        </label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={3}
          maxLength={mode === 'track' ? 2000 : 1000}
          placeholder={
            mode === 'track'
              ? "How to approach it, what's already known…"
              : 'Why it matters: people piling on, a support case…'
          }
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="rt-actions">
        <button
          type="submit"
          className="rt-button rt-button-primary"
          data-testid={mode === 'track' ? 'rt-track-submit' : 'rt-suggest-submit'}
          disabled={busy}
        >
          {mode === 'track' ? (busy ? 'Tracking…' : 'Track') : busy ? 'Sending…' : 'Send to manager'}
        </button>
        <button type="button" className="rt-button rt-button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
