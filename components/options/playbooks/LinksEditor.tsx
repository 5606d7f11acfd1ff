import { useId, useState } from 'react';
import { setIn } from '../../../lib/playbooks/draft';
import { useDraft } from '../../../lib/playbooks-draft/react';
import { PathIssues, TextField } from './fields';

/** Where templates point people: `{support_url}`, `{status_url}`, `{help_article}`, `{support_handle}`. */
export function LinksEditor() {
  const articles = useDraft((s) => s.draft.settings.helpArticles);
  const update = useDraft((s) => s.update);
  const [newKey, setNewKey] = useState('');
  const newKeyId = useId();
  const addArticle = () => {
    const key = newKey.trim();
    if (!key || key in articles) return;
    update((d) => setIn(d, ['settings', 'helpArticles', key], 'https://'));
    setNewKey('');
  };
  return (
    <div className="rt-pb-panel" data-testid="pb-links">
      <TextField path={['settings', 'brand']} label="Product name ({brand})" testId="pb-brand" />
      <TextField
        path={['settings', 'supportUrl']}
        label="Support form ({support_url})"
        testId="pb-support-url"
      />
      <TextField path={['settings', 'statusUrl']} label="Status page ({status_url})" testId="pb-status-url" />
      <TextField
        path={['settings', 'supportHandle']}
        label="Support account on X ({support_handle})"
        testId="pb-support-handle"
        optional
        placeholder="@KovraSupport"
      />
      <TextField
        path={['settings', 'defaultLanguage']}
        label="Default template language"
        testId="pb-default-language"
        hint="Used when the thread's own language has no templates."
      />
      <fieldset className="rt-lines">
        <legend>Help articles ({'{help_article}'})</legend>
        <p className="rt-hint">
          The most specific wins: "support_needed.ru", then "support_needed", then "general".
        </p>
        <PathIssues path={['settings', 'helpArticles']} />
        <ul>
          {Object.keys(articles).map((key) => (
            <li key={key} className="rt-line" data-testid="pb-article" data-key={key}>
              <TextField path={['settings', 'helpArticles', key]} label={key} testId="pb-article-url" />
              <button
                type="button"
                className="rt-button rt-secondary rt-small"
                aria-label={`Remove the ${key} article`}
                onClick={() => update((d) => setIn(d, ['settings', 'helpArticles', key], undefined))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="rt-inline">
          <label htmlFor={newKeyId}>New article for</label>
          <input
            id={newKeyId}
            value={newKey}
            placeholder="trust_doubt.ru"
            onChange={(e) => setNewKey(e.target.value)}
          />
          <button type="button" className="rt-button rt-secondary rt-small" onClick={addArticle}>
            Add
          </button>
        </div>
      </fieldset>
    </div>
  );
}
