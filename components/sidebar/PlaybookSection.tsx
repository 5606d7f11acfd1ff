import { useId, useMemo } from 'react';
import { confidenceInWords } from '../../lib/classify/confidence';
import type { ThreadContext } from '../../lib/platforms/types';
import { CATEGORY_IDS, type CategoryId } from '../../lib/schemas/categories';
import type { EscalationRoute, Language } from '../../lib/schemas/playbook';
import { categoryLabel } from '../../lib/sidebar/format';
import { type Advice, adviceFor, threadKey } from '../../lib/sidebar/playbook';
import { useSidebar } from '../../lib/sidebar/react';
import { selectActiveThread, selectTrackedHere } from '../../lib/sidebar/store';

const ROUTES: Record<EscalationRoute, string> = {
  support: 'Send them to support',
  dm: 'Move it to DMs',
  manager: 'Hand it to your community manager',
  none: 'No escalation',
};

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Русский' };
const languageName = (l: Language) => LANGUAGE_NAMES[l] ?? l;

/** "How to answer": the thread's category (and why), its playbook, and templates to insert or copy. */
export function PlaybookSection() {
  const headingId = useId();
  const ctx = useSidebar(selectActiveThread);
  const tracked = useSidebar(selectTrackedHere);
  const playbooks = useSidebar((s) => s.playbooks);
  const language = useSidebar((s) => s.language);
  const suggest = useSidebar((s) => s.suggest);
  const override = useSidebar((s) => (ctx ? s.overrides[threadKey(ctx)] : undefined));
  const advice = useMemo(
    () =>
      ctx
        ? adviceFor({ ctx, tracked, override, suggestion: suggest(ctx.text), playbooks, language })
        : undefined,
    [ctx, tracked, override, suggest, playbooks, language],
  );
  if (!ctx || !advice) return null;

  return (
    <section className="rt-section" aria-labelledby={headingId} data-testid="rt-playbook">
      <h3 id={headingId} className="rt-section-title">
        How to answer
      </h3>
      <CategoryLine ctx={ctx} advice={advice} />
      {/* Templates first: they are what an ambassador came for; the guidance is there to check. */}
      {advice.playbook ? (
        <>
          <Templates ctx={ctx} advice={advice} />
          <Guidance advice={advice} />
        </>
      ) : (
        <p className="rt-empty">Pick a category to see how to answer.</p>
      )}
    </section>
  );
}

function CategoryLine({ ctx, advice }: { ctx: ThreadContext; advice: Advice }) {
  const id = useId();
  const overrideCategory = useSidebar((s) => s.overrideCategory);
  const categories = useSidebar((s) => s.playbooks.content.categories);
  const { suggestion, source, category } = advice;
  const sure = suggestion ? confidenceInWords(suggestion) : undefined;

  if (source === 'team' && category) {
    return (
      <div className="rt-card" data-testid="rt-category" data-source="team" data-category={category}>
        <p className="rt-status">{`${categoryLabel(category, categories)}, set by your team`}</p>
      </div>
    );
  }
  return (
    <div className="rt-card" data-testid="rt-category" data-source={source} data-category={category ?? ''}>
      {suggestion && sure && (
        <p className="rt-muted" data-testid="rt-suggestion" data-confidence={sure.word}>
          Suggested: <strong>{categoryLabel(suggestion.category, categories)}</strong> ({sure.text})
          {suggestion.matched.length > 0 && (
            <>
              {' '}
              because of{' '}
              {suggestion.matched.slice(0, 4).map((m, i) => (
                <span key={m}>
                  {i > 0 && ', '}“{m}”
                </span>
              ))}
            </>
          )}
        </p>
      )}
      {suggestion?.note && (
        <p className="rt-muted" data-testid="rt-suggestion-note">
          {suggestion.note}
        </p>
      )}
      <div className="rt-field">
        <label htmlFor={id}>{source === 'override' ? 'Your category' : 'Category'}</label>
        <select
          id={id}
          data-testid="rt-category-select"
          value={category ?? ''}
          onChange={(e) => overrideCategory(ctx, (e.target.value || undefined) as CategoryId | undefined)}
        >
          {!category && <option value="">Pick a category…</option>}
          {CATEGORY_IDS.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c, categories)}
              {suggestion?.category === c ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
      </div>
      {source === 'override' && suggestion && (
        <button type="button" className="rt-link-button" onClick={() => overrideCategory(ctx, undefined)}>
          Use the suggestion
        </button>
      )}
    </div>
  );
}

function Guidance({ advice }: { advice: Advice }) {
  const p = advice.playbook!;
  return (
    <div className="rt-guidance" data-testid="rt-guidance" data-playbook={p.id}>
      <p className="rt-goal">{p.goal}</p>
      {(p.do.length > 0 || p.dont.length > 0) && (
        // Read once, then known: collapsed so the templates and escalation stay on the first screen.
        <details className="rt-disclosure" data-testid="rt-do-dont">
          <summary>{`Do and don’t (${p.do.length + p.dont.length})`}</summary>
          {p.do.length > 0 && (
            <>
              <h4 className="rt-subtitle">Do</h4>
              <ul className="rt-list rt-list-do">
                {p.do.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </>
          )}
          {p.dont.length > 0 && (
            <>
              <h4 className="rt-subtitle">Don’t</h4>
              <ul className="rt-list rt-list-dont">
                {p.dont.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            </>
          )}
        </details>
      )}
      {p.escalation.route !== 'none' && (
        <p className="rt-note" data-testid="rt-escalation" data-route={p.escalation.route}>
          <strong>{ROUTES[p.escalation.route]}</strong>
          {p.escalation.when && <> when: {p.escalation.when}.</>} {p.escalation.note}
        </p>
      )}
      <p className="rt-muted" data-testid="rt-like">
        {p.like.should ? 'Like: ' : 'Don’t like: '}
        {p.like.what}
      </p>
      {p.disclosure && (
        <p className="rt-note" data-testid="rt-disclosure">
          <strong>Disclose your perks</strong> if you speak well of the product: “{p.disclosure}”
        </p>
      )}
    </div>
  );
}

function Templates({ ctx, advice }: { ctx: ThreadContext; advice: Advice }) {
  const headingId = useId();
  const setLanguage = useSidebar((s) => s.setLanguage);
  const insert = useSidebar((s) => s.insertTemplate);
  const copy = useSidebar((s) => s.copyTemplate);
  const status = useSidebar((s) => s.templateStatus);
  const p = advice.playbook!;

  return (
    <section className="rt-templates" data-testid="rt-templates" aria-labelledby={headingId}>
      <div className="rt-section-head">
        <h4 id={headingId} className="rt-subtitle">
          Replies to start from
        </h4>
        {advice.languages.length > 1 && (
          <fieldset className="rt-segmented" aria-label="Template language">
            {advice.languages.map((l) => (
              <button
                key={l}
                type="button"
                className="rt-segment"
                aria-pressed={l === advice.language}
                data-testid={`rt-lang-${l}`}
                onClick={() => setLanguage(l)}
              >
                {languageName(l)}
              </button>
            ))}
          </fieldset>
        )}
      </div>
      {advice.templates.length === 0 ? (
        <p className="rt-empty">No replies for this kind of thread: follow the guidance below.</p>
      ) : (
        <ul className="rt-template-list" lang={advice.language}>
          {advice.templates.map((t, i) => {
            const use = { ctx, templateId: t.id, playbookId: p.id, text: t.text };
            // Several templates each have an Insert and a Copy: the name says which one it acts on.
            const which = `template ${i + 1}: ${t.label}`;
            const mine = status?.templateId === t.id ? status : undefined;
            return (
              <li key={t.id} className="rt-template" data-testid="rt-template" data-template={t.id}>
                <p className="rt-template-label">{t.label}</p>
                <p className="rt-template-text">{t.text}</p>
                {t.missing.length > 0 && (
                  <p className="rt-help">
                    Fill in before sending: {t.missing.map((m) => `{${m}}`).join(', ')}
                  </p>
                )}
                <div className="rt-actions">
                  <button
                    type="button"
                    className="rt-button rt-button-primary"
                    data-testid="rt-insert"
                    aria-label={`Insert ${which}`}
                    disabled={mine?.state === 'working'}
                    onClick={() => void insert(use)}
                  >
                    Insert
                  </button>
                  <button
                    type="button"
                    className="rt-button rt-button-secondary"
                    data-testid="rt-copy"
                    aria-label={`Copy ${which}`}
                    onClick={() => void copy(use)}
                  >
                    Copy
                  </button>
                </div>
                <p
                  className={mine?.state === 'error' ? 'rt-error' : 'rt-help'}
                  role="status"
                  data-testid="rt-template-status"
                  data-state={mine?.state ?? ''}
                >
                  {mine?.message ?? ''}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
