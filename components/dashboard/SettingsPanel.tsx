import { type FormEvent, useEffect, useState } from 'react';
import { useDashboard } from '@/lib/reports/react';
import { selectCanEdit } from '@/lib/reports/store';
import { type RecognitionLevel, type ReportSettings, ReportSettingsSchema } from '@/lib/schemas/reports';

/** Ids only need to be unique and stable while editing; labels are what people read. */
let levelSeq = 0;
const newLevelId = () => `level-${Date.now().toString(36)}-${++levelSeq}`;

/** Targets, recognition levels and the report's time zone; leads edit, managers read. */
export function SettingsPanel() {
  const doc = useDashboard((s) => s.settings);
  const canEdit = useDashboard(selectCanEdit);
  const save = useDashboard((s) => s.saveSettings);
  const saving = useDashboard((s) => s.saving);
  const error = useDashboard((s) => s.settingsError);
  const [draft, setDraft] = useState<ReportSettings | undefined>(doc?.settings);
  const [problem, setProblem] = useState<string>();
  const [open, setOpen] = useState(false);
  useEffect(() => setDraft(doc?.settings), [doc]);
  if (!doc || !draft) return null;

  const t = draft.targets;
  const setTarget = (k: keyof ReportSettings['targets'], v: number) =>
    setDraft({ ...draft, targets: { ...t, [k]: v } });
  const setLevel = (i: number, patch: Partial<RecognitionLevel>) =>
    setDraft({ ...draft, levels: draft.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = ReportSettingsSchema.safeParse(draft);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Check the values');
      return;
    }
    setProblem(undefined);
    if (await save(parsed.data)) setOpen(false);
  };

  return (
    <section
      className="rt-card rt-section no-print"
      aria-labelledby="rt-settings-title"
      data-testid="settings"
    >
      <header className="rt-card-head">
        <div>
          <h2 id="rt-settings-title">Targets and recognition</h2>
          <p className="rt-muted">
            {doc.updatedBy
              ? `Last changed by ${doc.updatedBy}.`
              : 'The team’s defaults; nobody has changed them yet.'}
          </p>
        </div>
        {canEdit && (
          <button
            type="button"
            className="rt-toggle"
            aria-expanded={open}
            onClick={() => setOpen((v) => !v)}
            data-testid="settings-edit"
          >
            {open ? 'Close' : 'Edit'}
          </button>
        )}
      </header>
      {open && canEdit ? (
        <form className="rt-settings" onSubmit={onSubmit}>
          <fieldset>
            <legend>Monthly targets</legend>
            <label>
              Replies{' '}
              <input
                type="number"
                min={0}
                value={t.replies}
                onChange={(e) => setTarget('replies', Number(e.target.value))}
              />
            </label>
            <label>
              Likes (net){' '}
              <input
                type="number"
                min={0}
                value={t.likes}
                onChange={(e) => setTarget('likes', Number(e.target.value))}
              />
            </label>
            <label>
              Active ambassadors{' '}
              <input
                type="number"
                min={0}
                value={t.activeAmbassadors}
                onChange={(e) => setTarget('activeAmbassadors', Number(e.target.value))}
                data-testid="target-active"
              />
            </label>
            <label>
              SLA compliance, %{' '}
              <input
                type="number"
                min={0}
                max={100}
                value={Math.round(t.slaCompliance * 100)}
                onChange={(e) => setTarget('slaCompliance', Number(e.target.value) / 100)}
              />
            </label>
            <label>
              Median first reply, hours{' '}
              <input
                type="number"
                min={1}
                step="any"
                value={t.medianFirstReplyHours}
                onChange={(e) => setTarget('medianFirstReplyHours', Number(e.target.value))}
              />
            </label>
            <label>
              Time zone{' '}
              <input
                value={draft.timezone}
                onChange={(e) => setDraft({ ...draft, timezone: e.target.value })}
              />
            </label>
          </fieldset>
          <fieldset>
            <legend>Recognition levels (actions in the period)</legend>
            {draft.levels.map((l, i) => (
              <div className="rt-level-row" key={l.id}>
                <input
                  aria-label={`Level ${i + 1} name`}
                  value={l.label}
                  onChange={(e) => setLevel(i, { label: e.target.value })}
                />
                <label>
                  from{' '}
                  <input
                    type="number"
                    min={1}
                    aria-label={`Level ${i + 1} threshold`}
                    value={l.minActions}
                    onChange={(e) => setLevel(i, { minActions: Number(e.target.value) })}
                  />
                </label>
                <button
                  type="button"
                  className="rt-link"
                  onClick={() => setDraft({ ...draft, levels: draft.levels.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </div>
            ))}
            {draft.levels.length < 8 && (
              <button
                type="button"
                className="rt-link"
                onClick={() => {
                  const top = Math.max(0, ...draft.levels.map((l) => l.minActions));
                  setDraft({
                    ...draft,
                    levels: [...draft.levels, { id: newLevelId(), label: 'New level', minActions: top + 10 }],
                  });
                }}
              >
                Add a level
              </button>
            )}
          </fieldset>
          {(problem || error) && (
            <p role="alert" className="rt-bad">
              {problem ?? error}
            </p>
          )}
          <button type="submit" className="rt-button" disabled={saving} data-testid="settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </form>
      ) : (
        <dl className="rt-settings-summary">
          <div>
            <dt>Targets</dt>
            <dd>
              {t.replies} replies · {t.likes} likes · {t.activeAmbassadors} active ambassadors ·{' '}
              {Math.round(t.slaCompliance * 100)}% in SLA · median ≤ {t.medianFirstReplyHours} h
            </dd>
          </div>
          <div>
            <dt>Levels</dt>
            <dd>{doc.settings.levels.map((l) => `${l.label} from ${l.minActions}`).join(' · ')}</dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{doc.settings.timezone}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
