import { type ReactNode, useId, useMemo } from 'react';
import { getIn, issuesAt, type Path, setIn } from '../../../lib/playbooks/draft';
import { useDraft } from '../../../lib/playbooks-draft/react';
import { CATEGORY_IDS, type CategoryId, categoryConfig } from '../../../lib/schemas/categories';
import { formatPath } from '../../../lib/schemas/playbook';

/** This field's validation messages (the editor's and the server's), and an id to describe it by. */
export function useFieldIssues(path: Path): { messages: string[]; errorId: string } {
  const issues = useDraft((s) => s.issues);
  const serverIssues = useDraft((s) => s.serverIssues);
  const errorId = useId();
  const key = formatPath(path);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path's text form stands for the path
  const messages = useMemo(
    () => [...issuesAt(issues, path), ...issuesAt(serverIssues, path)],
    [issues, serverIssues, key],
  );
  return { messages, errorId };
}

export function FieldIssues({ path, id, messages }: { path: Path; id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p className="rt-field-error" id={id} data-testid="pb-field-error" data-path={formatPath(path)}>
      {messages.join('; ')}
    </p>
  );
}

/** Messages for a part of the document no single input stands for (a whole list, a record). */
export function PathIssues({ path }: { path: Path }) {
  const { messages, errorId } = useFieldIssues(path);
  return <FieldIssues path={path} id={errorId} messages={messages} />;
}

function useValue(path: Path): unknown {
  const key = formatPath(path);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path's text form stands for the path
  const select = useMemo(() => (s: { draft: unknown }) => getIn(s.draft, path), [key]);
  return useDraft(select);
}

interface FieldProps {
  path: Path;
  label: ReactNode;
  testId: string;
  hint?: ReactNode;
  /** Hide the label visually (a table cell labelled by its column). */
  compact?: boolean;
}

/** What an input bound to the draft at `path` needs: its id, value, the edit action and its issues. */
function useBoundField(path: Path) {
  const id = useId();
  const value = useValue(path);
  const edit = useDraft((s) => s.edit);
  const { messages, errorId } = useFieldIssues(path);
  return { path, id, value, edit, messages, errorId };
}

function Labelled({
  field,
  label,
  compact,
  children,
  hint,
}: {
  field: ReturnType<typeof useBoundField>;
  label: ReactNode;
  compact?: boolean | undefined;
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className={compact ? 'rt-field rt-field-compact' : 'rt-field'}>
      <label htmlFor={field.id} className={compact ? 'rt-visually-hidden' : undefined}>
        {label}
      </label>
      {children}
      {hint ? <p className="rt-hint">{hint}</p> : null}
      <FieldIssues path={field.path} id={field.errorId} messages={field.messages} />
    </div>
  );
}

/** A text field bound to the draft. `optional`: an empty field removes the key. */
export function TextField({
  path,
  label,
  testId,
  hint,
  compact,
  multiline,
  optional,
  placeholder,
  maxChars,
}: FieldProps & {
  multiline?: boolean;
  optional?: boolean;
  placeholder?: string;
  /** The schema's limit (TEXT_LIMITS): shows a counter, red past the limit. */
  maxChars?: number;
}) {
  const field = useBoundField(path);
  const { id, value, edit, messages, errorId } = field;
  const counterId = useId();
  const text = typeof value === 'string' ? value : '';
  const describedBy = [messages.length > 0 ? errorId : '', maxChars ? counterId : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    'data-testid': testId,
    value: text,
    placeholder,
    'aria-invalid': messages.length > 0,
    'aria-describedby': describedBy || undefined,
  };
  const onChange = (next: string) => edit(path, optional && next === '' ? undefined : next);
  return (
    <Labelled field={field} label={label} compact={compact} hint={hint}>
      {multiline ? (
        // Grows with its text (field-sizing in CSS): the whole reply is in view while it is edited.
        <textarea {...common} rows={2} className="rt-autogrow" onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" onChange={(e) => onChange(e.target.value)} />
      )}
      {maxChars ? <CharCounter id={counterId} length={text.trim().length} max={maxChars} /> : null}
    </Labelled>
  );
}

/** "652 / 600": counted as the schema counts (trimmed), so the counter and the error agree. */
function CharCounter({ id, length, max }: { id: string; length: number; max: number }) {
  const over = length > max;
  return (
    <p className="rt-counter" id={id} data-testid="pb-counter" data-over={String(over)}>
      {`${length} / ${max}`}
      {over ? <span className="rt-visually-hidden"> characters, over the limit</span> : null}
      {!over ? <span className="rt-visually-hidden"> characters</span> : null}
    </p>
  );
}

/** A number bound to the draft; an empty or partial entry is kept as NaN so validation points at it. */
export function NumberField({
  path,
  label,
  testId,
  hint,
  compact,
  step = 'any',
  min,
  max,
}: FieldProps & { step?: number | 'any'; min?: number; max?: number }) {
  const field = useBoundField(path);
  const { id, value, edit, messages, errorId } = field;
  return (
    <Labelled field={field} label={label} compact={compact} hint={hint}>
      <input
        id={id}
        data-testid={testId}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={typeof value === 'number' && !Number.isNaN(value) ? value : ''}
        aria-invalid={messages.length > 0}
        aria-describedby={messages.length > 0 ? errorId : undefined}
        onChange={(e) => edit(path, e.target.value.trim() === '' ? Number.NaN : Number(e.target.value))}
      />
    </Labelled>
  );
}

export function SelectField({
  path,
  label,
  testId,
  hint,
  compact,
  options,
}: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const field = useBoundField(path);
  const { id, value, edit, messages } = field;
  return (
    <Labelled field={field} label={label} compact={compact} hint={hint}>
      <select
        id={id}
        data-testid={testId}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={messages.length > 0}
        onChange={(e) => edit(path, e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function CheckboxField({ path, label, testId }: FieldProps) {
  const id = useId();
  const value = useValue(path);
  const edit = useDraft((s) => s.edit);
  return (
    <div className="rt-field rt-field-check">
      <input
        id={id}
        data-testid={testId}
        type="checkbox"
        checked={value === true}
        onChange={(e) => edit(path, e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** A list of lines (do / don't): one input each, add and remove. */
export function LinesField({
  path,
  label,
  testId,
  maxChars,
}: {
  path: Path;
  label: string;
  testId: string;
  maxChars?: number;
}) {
  const value = useValue(path);
  const update = useDraft((s) => s.update);
  const edit = useDraft((s) => s.edit);
  const lines = Array.isArray(value) ? (value as unknown[]) : [];
  const headingId = useId();
  return (
    <fieldset className="rt-lines" data-testid={testId} aria-labelledby={headingId}>
      <legend id={headingId}>{label}</legend>
      <ol>
        {lines.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
          <li key={i} className="rt-line">
            <TextField
              path={[...path, i]}
              label={`${label} ${i + 1}`}
              testId={`${testId}-item`}
              compact
              multiline
              {...(maxChars ? { maxChars } : {})}
            />
            <button
              type="button"
              className="rt-button rt-secondary rt-small"
              data-testid={`${testId}-remove`}
              aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
              onClick={() =>
                edit(
                  path,
                  lines.filter((__, j) => j !== i),
                )
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <PathIssues path={path} />
      <button
        type="button"
        className="rt-button rt-secondary rt-small"
        data-testid={`${testId}-add`}
        onClick={() => update((d) => editList(d, path, (l) => [...l, '']))}
      >
        Add a line
      </button>
    </fieldset>
  );
}

/** Applies `fn` to the list at `path` (an empty list when there is none). */
export function editList<D>(draft: D, path: Path, fn: (list: unknown[]) => unknown[]): D {
  const at = getIn(draft, path);
  return setIn(draft, path, fn(Array.isArray(at) ? at : []));
}

/** Which category a panel edits, each named as the draft names it. */
export function CategoryPicker({
  label,
  testId,
  category,
  onCategory,
}: {
  label: string;
  testId: string;
  category: CategoryId;
  onCategory: (c: CategoryId) => void;
}) {
  const categories = useDraft((s) => s.draft.categories);
  const id = useId();
  return (
    <div className="rt-inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={testId}
        value={category}
        onChange={(e) => onCategory(e.target.value as CategoryId)}
      >
        {CATEGORY_IDS.map((c) => (
          <option key={c} value={c}>
            {categoryConfig(c, categories).label}
          </option>
        ))}
      </select>
    </div>
  );
}
