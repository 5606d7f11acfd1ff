import { useId, useMemo, useState } from 'react';
import {
  addLanguage,
  newTemplateId,
  previewTemplate,
  removeLanguage,
  SAMPLE_AUTHOR,
  setIn,
} from '../../../lib/playbooks/draft';
import { useDraft } from '../../../lib/playbooks-draft/react';
import type { CategoryId } from '../../../lib/schemas/categories';
import { LanguageSchema, TEMPLATE_VARIABLES, TEXT_LIMITS } from '../../../lib/schemas/playbook';
import { CategoryPicker, CheckboxField, LinesField, PathIssues, SelectField, TextField } from './fields';

const ROUTE_OPTIONS = [
  { value: 'support', label: 'Send them to support' },
  { value: 'dm', label: 'Move it to DMs' },
  { value: 'manager', label: 'Hand it to the community manager' },
  { value: 'none', label: 'No escalation' },
];

/** One category's playbook: what a reply is for, how to write it, when not to, and its templates. */
export function PlaybookEditor({
  category,
  onCategory,
}: {
  category: CategoryId;
  onCategory: (c: CategoryId) => void;
}) {
  const exists = useDraft((s) => Boolean(s.draft.playbooks[category]));
  const at = ['playbooks', category] as const;
  return (
    <div className="rt-pb-panel" data-testid="pb-playbook" data-category={category}>
      <CategoryPicker
        label="Playbook for"
        testId="pb-playbook-category"
        category={category}
        onCategory={onCategory}
      />
      {exists ? (
        <>
          <TextField
            path={[...at, 'goal']}
            label="Goal of a reply"
            testId="pb-goal"
            multiline
            maxChars={TEXT_LIMITS.goal}
            hint="One sentence: what a good reply achieves."
          />
          <div className="rt-columns">
            <LinesField path={[...at, 'do']} label="Do" testId="pb-do" maxChars={TEXT_LIMITS.line} />
            <LinesField path={[...at, 'dont']} label="Don't" testId="pb-dont" maxChars={TEXT_LIMITS.line} />
          </div>
          <fieldset className="rt-lines">
            <legend>Escalation</legend>
            <SelectField
              path={[...at, 'escalation', 'route']}
              label="Route"
              testId="pb-escalation-route"
              options={ROUTE_OPTIONS}
            />
            <TextField
              path={[...at, 'escalation', 'when']}
              label="When"
              testId="pb-escalation-when"
              multiline
              maxChars={TEXT_LIMITS.escalation}
            />
            <TextField
              path={[...at, 'escalation', 'note']}
              label="What to do"
              testId="pb-escalation-note"
              multiline
              maxChars={TEXT_LIMITS.escalation}
            />
          </fieldset>
          <fieldset className="rt-lines">
            <legend>Likes</legend>
            <CheckboxField
              path={[...at, 'like', 'should']}
              label="Ambassadors like in these threads"
              testId="pb-like-should"
            />
            <TextField
              path={[...at, 'like', 'what']}
              label="What to like"
              testId="pb-like-what"
              multiline
              maxChars={TEXT_LIMITS.likeWhat}
            />
          </fieldset>
          <TextField
            path={[...at, 'disclosure']}
            label="Disclosure reminder"
            testId="pb-disclosure"
            optional
            multiline
            maxChars={TEXT_LIMITS.disclosure}
            hint="Shown with the templates when an ambassador's perks must be disclosed; leave empty for none."
          />
          {/* Keyed: another category starts with its own language and no stale error. */}
          <Templates key={category} category={category} />
        </>
      ) : (
        <PathIssues path={at} />
      )}
    </div>
  );
}

function Templates({ category }: { category: CategoryId }) {
  const playbook = useDraft((s) => s.draft.playbooks[category]);
  const defaultLanguage = useDraft((s) => s.draft.settings.defaultLanguage);
  const update = useDraft((s) => s.update);
  const languages = useMemo(() => Object.keys(playbook?.templates ?? {}), [playbook]);
  const [language, setLanguage] = useState<string | undefined>(languages[0]);
  const [newLanguage, setNewLanguage] = useState('');
  const [languageError, setLanguageError] = useState<string | undefined>();
  const newId = useId();
  const current = language && languages.includes(language) ? language : languages[0];
  if (!playbook) return null;
  const templates = current ? (playbook.templates[current] ?? []) : [];
  const listPath = ['playbooks', category, 'templates', current ?? ''] as const;

  const add = () => {
    const code = newLanguage.trim();
    const ok = LanguageSchema.safeParse(code);
    if (!ok.success) {
      setLanguageError(`"${code}" ${ok.error.issues[0]?.message ?? 'is not a language code'}`);
      return;
    }
    if (languages.includes(code)) {
      setLanguageError(`There are ${code} templates already.`);
      return;
    }
    update((d) =>
      setIn(d, ['playbooks', category], addLanguage(d.playbooks[category], code, defaultLanguage)),
    );
    setLanguage(code);
    setNewLanguage('');
    setLanguageError(undefined);
  };

  return (
    <section className="rt-templates-editor" aria-label="Templates" data-testid="pb-templates">
      <h4>Templates</h4>
      <p className="rt-hint">
        Written the way a real user writes on X: short, first person, specific. Variables:{' '}
        {TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}. {'{my_experience}'} is left for the ambassador to
        write.
      </p>
      <div className="rt-tabs" role="tablist" aria-label="Template language">
        {languages.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={l === current}
            className="rt-tab"
            data-testid={`pb-lang-${l}`}
            onClick={() => setLanguage(l)}
          >
            {l}
          </button>
        ))}
      </div>
      <div className="rt-inline">
        <label htmlFor={newId}>Add a language</label>
        <input
          id={newId}
          data-testid="pb-lang-new"
          value={newLanguage}
          placeholder="pt-BR"
          size={8}
          onChange={(e) => setNewLanguage(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-lang-add"
          onClick={add}
        >
          Add
        </button>
        {current ? (
          <button
            type="button"
            className="rt-button rt-secondary rt-small"
            data-testid="pb-lang-remove"
            onClick={() =>
              update((d) => setIn(d, ['playbooks', category], removeLanguage(d.playbooks[category], current)))
            }
          >
            Remove {current}
          </button>
        ) : null}
      </div>
      {languageError ? (
        <p className="rt-field-error" role="alert" data-testid="pb-lang-error">
          {languageError}
        </p>
      ) : null}
      {current ? <PathIssues path={listPath} /> : null}
      <ol className="rt-template-list">
        {templates.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are being edited; the place is the identity
          <li key={i} className="rt-template-edit" data-testid="pb-template" data-template={t.id}>
            <div className="rt-columns">
              <TextField
                path={[...listPath, i, 'label']}
                label="Label"
                testId="pb-template-label"
                maxChars={TEXT_LIMITS.templateLabel}
              />
              <TextField path={[...listPath, i, 'id']} label="Id (kept in reports)" testId="pb-template-id" />
            </div>
            <TextField
              path={[...listPath, i, 'text']}
              label="Text"
              testId="pb-template-text"
              multiline
              maxChars={TEXT_LIMITS.templateText}
            />
            <Preview category={category} language={current!} text={t.text} />
            <button
              type="button"
              className="rt-button rt-secondary rt-small"
              data-testid="pb-template-remove"
              onClick={() =>
                update((d) =>
                  setIn(
                    d,
                    listPath,
                    templates.filter((_, j) => j !== i),
                  ),
                )
              }
            >
              Remove template
            </button>
          </li>
        ))}
      </ol>
      {current ? (
        <button
          type="button"
          className="rt-button rt-secondary rt-small"
          data-testid="pb-template-add"
          onClick={() =>
            update((d) =>
              setIn(d, listPath, [
                ...templates,
                { id: newTemplateId(templates), label: 'New template', text: '' },
              ]),
            )
          }
        >
          Add a template
        </button>
      ) : (
        <p className="rt-muted">
          No templates: ambassadors get the guidance only. Add a language to write some.
        </p>
      )}
    </section>
  );
}

/** The template as an ambassador would see it in the sidebar, for a made-up thread. */
function Preview({ category, language, text }: { category: CategoryId; language: string; text: string }) {
  const content = useDraft((s) => s.draft);
  const filled = useMemo(
    () => previewTemplate(content, category, language, text),
    [content, category, language, text],
  );
  return (
    <div className="rt-preview" data-testid="pb-template-preview">
      <p className="rt-hint">Preview, replying to {SAMPLE_AUTHOR}:</p>
      <p className="rt-preview-text" data-testid="pb-template-preview-text">
        {filled.text}
      </p>
      {filled.missing.length > 0 ? (
        <p className="rt-hint" data-testid="pb-template-preview-missing">
          The ambassador fills in: {filled.missing.map((m) => `{${m}}`).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
