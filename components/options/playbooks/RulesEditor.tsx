import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import {
  advancedRules,
  issuesUnder,
  type Path,
  setIn,
  tryClassifier,
  withAdvancedRules,
} from '../../../lib/playbooks/draft';
import { useDraft } from '../../../lib/playbooks-draft/react';
import { type CategoryId, categoryConfig } from '../../../lib/schemas/categories';
import { formatPath } from '../../../lib/schemas/playbook';
import type { Phrase } from '../../../lib/schemas/rules';
import { CategoryPicker, NumberField, PathIssues, TextField } from './fields';

/** Rows shown at once: a category has a couple of hundred phrases; the filter finds the rest. */
const PAGE = 100;

/** The classifier's phrases and weights per category, the rest as JSON, and a place to try it. */
export function RulesEditor({
  category,
  onCategory,
}: {
  category: CategoryId;
  onCategory: (c: CategoryId) => void;
}) {
  return (
    <div className="rt-pb-panel" data-testid="pb-rules">
      <p className="rt-muted">
        Each phrase adds its weight to its category when a post contains it; the highest total wins. End a
        word with * for all its endings ("withdraw*"). A negative weight counts against the category.
      </p>
      <CategoryPicker
        label="Phrases for"
        testId="pb-rules-category"
        category={category}
        onCategory={onCategory}
      />
      <PhraseTable key={category} category={category} />
      <AdvancedRules />
      <TryClassifier />
    </div>
  );
}

function PhraseTable({ category }: { category: CategoryId }) {
  const phrases = useDraft((s) => s.draft.rules.categories[category]?.phrases);
  const update = useDraft((s) => s.update);
  const issues = useDraft((s) => s.issues);
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const filterId = useId();
  const base: Path = ['rules', 'categories', category, 'phrases'];

  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  // Rows keep their index into the document: issue paths and edits use it, whatever the filter shows.
  const rows = useMemo(() => {
    const all = (phrases ?? []).map((p, i) => ({ p, i }));
    if (!deferredFilter) return all;
    const at = ['rules', 'categories', category, 'phrases'];
    const bad = new Set(issuesUnder(issues, at).map((x) => x.path[at.length]));
    return all.filter(
      ({ p, i }) => p.match.toLowerCase().includes(deferredFilter) || (deferredFilter === '!' && bad.has(i)),
    );
  }, [phrases, deferredFilter, issues, category]);

  const setPhrases = (fn: (list: Phrase[]) => Phrase[]) =>
    update((d) => {
      const current = d.rules.categories[category] ?? { phrases: [] };
      return setIn(d, ['rules', 'categories', category], { ...current, phrases: fn(current.phrases) });
    });

  return (
    <div className="rt-phrases">
      <div className="rt-inline">
        <label htmlFor={filterId}>Find</label>
        <input
          id={filterId}
          data-testid="pb-phrase-filter"
          type="search"
          value={filter}
          placeholder="a word, or ! for phrases with problems"
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="rt-muted" data-testid="pb-phrase-count">
          {rows.length === (phrases?.length ?? 0)
            ? `${rows.length} phrases`
            : `${rows.length} of ${phrases?.length ?? 0} phrases`}
        </span>
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-phrase-add"
          onClick={() => {
            // At the top, where the manager is looking, whatever the list's length.
            setPhrases((list) => [{ match: '', weight: 1 }, ...list]);
            setFilter('');
          }}
        >
          Add a phrase
        </button>
      </div>
      <PathIssues path={base} />
      <table className="rt-table rt-phrase-table">
        <thead>
          <tr>
            <th scope="col">Phrase</th>
            <th scope="col">Weight</th>
            <th scope="col">Language</th>
            <th scope="col">
              <span className="rt-visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, limit).map(({ p, i }) => (
            <tr key={`${category}-${i}`} data-testid="pb-phrase" data-index={i}>
              <td>
                <TextField
                  path={[...base, i, 'match']}
                  label={`Phrase ${i + 1}`}
                  testId="pb-phrase-match"
                  compact
                />
              </td>
              <td>
                <NumberField
                  path={[...base, i, 'weight']}
                  label={`Weight of "${p.match}"`}
                  testId="pb-phrase-weight"
                  step={0.5}
                  compact
                />
              </td>
              <td>
                <TextField
                  path={[...base, i, 'lang']}
                  label={`Language of "${p.match}"`}
                  testId="pb-phrase-lang"
                  optional
                  placeholder="any"
                  compact
                />
              </td>
              <td>
                <button
                  type="button"
                  className="rt-button rt-secondary rt-small"
                  data-testid="pb-phrase-remove"
                  aria-label={`Remove "${p.match}"`}
                  onClick={() => setPhrases((list) => list.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > limit ? (
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-phrase-more"
          onClick={() => setLimit((l) => l + PAGE * 5)}
        >
          Show {Math.min(rows.length - limit, PAGE * 5)} more
        </button>
      ) : null}
    </div>
  );
}

/** Negation, dampening, emoji, typo tolerance, biases: rarely edited, so raw JSON is enough. */
function AdvancedRules() {
  const rules = useDraft((s) => s.draft.rules);
  const update = useDraft((s) => s.update);
  const issues = useDraft((s) => s.issues);
  const shown = useMemo(() => JSON.stringify(advancedRules(rules), null, 2), [rules]);
  const [text, setText] = useState(shown);
  const [parseError, setParseError] = useState<string | undefined>();
  const id = useId();
  // Another change to the rules (an import, a reset) replaces what the box shows.
  useEffect(() => {
    setText(shown);
    setParseError(undefined);
  }, [shown]);

  // Everything about the rules except the phrase lists, which the table shows in place.
  const advancedIssues = issuesUnder(issues, ['rules']).filter(
    (i) => !(i.path[1] === 'categories' && i.path[3] === 'phrases'),
  );
  const apply = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      setParseError(`Not valid JSON: ${(err as Error).message}`);
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setParseError('Must be a JSON object.');
      return;
    }
    setParseError(undefined);
    update((d) => setIn(d, ['rules'], withAdvancedRules(d.rules, parsed as Record<string, unknown>)));
  };

  return (
    <details className="rt-advanced" open={advancedIssues.length > 0 || undefined}>
      <summary>Advanced rules (JSON)</summary>
      <p className="rt-hint">
        Negation, dampening, emoji signals, typo tolerance, the fallback category and per-category bias. The
        phrases above are kept as they are.
      </p>
      <label htmlFor={id} className="rt-visually-hidden">
        Advanced rules as JSON
      </label>
      <textarea
        id={id}
        className="rt-code"
        data-testid="pb-rules-advanced"
        rows={14}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="rt-actions">
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-rules-advanced-apply"
          onClick={apply}
          disabled={text === shown}
        >
          Apply
        </button>
      </div>
      {parseError ? (
        <p className="rt-field-error" data-testid="pb-rules-advanced-error">
          {parseError}
        </p>
      ) : null}
      {advancedIssues.map((i) => (
        <p
          key={`${formatPath(i.path)}:${i.message}`}
          className="rt-field-error"
          data-testid="pb-field-error"
          data-path={formatPath(i.path)}
        >
          {formatPath(i.path.slice(1))}: {i.message}
        </p>
      ))}
    </details>
  );
}

function TryClassifier() {
  const rules = useDraft((s) => s.draft.rules);
  const categories = useDraft((s) => s.draft.categories);
  const [text, setText] = useState('');
  const sample = useDeferredValue(text);
  const id = useId();
  const outcome = useMemo(() => (sample.trim() ? tryClassifier(rules, sample) : undefined), [rules, sample]);
  return (
    <section className="rt-try" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>Try the classifier</h4>
      <label htmlFor={id}>A post as someone would write it</label>
      <textarea
        id={id}
        data-testid="pb-try-text"
        rows={3}
        value={text}
        placeholder="3 days and my withdrawal is still pending, support is silent. is this a scam??"
        onChange={(e) => setText(e.target.value)}
      />
      {outcome && !outcome.ok ? (
        <p className="rt-field-error" data-testid="pb-try-error">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.ok ? (
        <div className="rt-try-result" data-testid="pb-try-result" data-category={outcome.result.category}>
          <p>
            <strong>{categoryConfig(outcome.result.category, categories).label}</strong>{' '}
            <span className="rt-muted" data-testid="pb-try-confidence">
              {Math.round(outcome.result.confidence * 100)}% confident
            </span>
          </p>
          <p data-testid="pb-try-matched">
            {outcome.result.matched.length > 0
              ? `Because of: ${outcome.result.matched.map((m) => `“${m}”`).join(', ')}`
              : 'No phrase matched: this is the fallback category.'}
          </p>
        </div>
      ) : null}
    </section>
  );
}
