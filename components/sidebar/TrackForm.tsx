import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import {
  CATEGORY_IDS,
  type CategoryId,
  categoryConfig,
  PRIORITIES,
  type Priority,
} from '../../lib/schemas/categories';
import { priorityLabel } from '../../lib/ui/format';
import { useSidebar } from '../../lib/ui/react';

// The most common kind of mention (domain.md): routine "how do I…" questions.
const DEFAULT_CATEGORY: CategoryId = 'technical_question';

interface TrackFormProps {
  onDone(): void;
  onCancel(): void;
}

export function TrackForm({ onDone, onCancel }: TrackFormProps) {
  const id = useId();
  const track = useSidebar((s) => s.track);
  const busy = useSidebar((s) => s.pending === 'track');
  const [category, setCategory] = useState<CategoryId>(DEFAULT_CATEGORY);
  // Priority follows the category's default until the ambassador picks one themselves.
  const [priority, setPriority] = useState<Priority | undefined>();
  const [note, setNote] = useState('');
  const categoryRef = useRef<HTMLSelectElement>(null);
  // The form replaced the button just pressed; keep keyboard focus where the ambassador will act.
  useEffect(() => categoryRef.current?.focus(), []);
  // The team's published categories (priority, SLA, labels), else the built-in ones.
  const categories = useSidebar((s) => s.playbooks.content.categories);
  const config = categoryConfig(category, categories);
  const effectivePriority = priority ?? config.priority;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await track({ category, priority: effectivePriority, note })) onDone();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };

  return (
    <form
      className="rt-form"
      data-testid="rt-track-form"
      aria-label="Track this thread"
      onSubmit={submit}
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
        <p id={`${id}-category-help`} className="rt-help">
          {config.description}. First reaction within {config.slaHours} h.
        </p>
      </div>
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
      <div className="rt-field">
        <label htmlFor={`${id}-note`}>Note for the team</label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={3}
          maxLength={2000}
          placeholder="How to approach it, what's already known…"
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="rt-actions">
        <button
          type="submit"
          className="rt-button rt-button-primary"
          data-testid="rt-track-submit"
          disabled={busy}
        >
          {busy ? 'Tracking…' : 'Track'}
        </button>
        <button type="button" className="rt-button rt-button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
