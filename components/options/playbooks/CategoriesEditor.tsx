import { useDraft } from '../../../lib/playbooks-draft/react';
import { PRIORITIES } from '../../../lib/schemas/categories';
import { priorityLabel } from '../../../lib/sidebar/format';
import { NumberField, PathIssues, SelectField, TextField } from './fields';

const PRIORITY_OPTIONS = PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }));

/** Each category's label, priority and first-reaction target; new team threads take these. */
export function CategoriesEditor() {
  const categories = useDraft((s) => s.draft.categories);
  return (
    <div className="rt-pb-panel" data-testid="pb-categories">
      <p className="rt-muted">
        A new tracked thread gets its category's priority, and its first reaction is due this many hours after
        it is tracked.
      </p>
      <PathIssues path={['categories']} />
      <table className="rt-table">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Priority</th>
            <th scope="col">First reaction within (hours)</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={c.id} data-testid="pb-category" data-category={c.id}>
              <td>
                <TextField
                  path={['categories', i, 'label']}
                  label={`Label of ${c.id}`}
                  testId="pb-category-label"
                  compact
                />
                <TextField
                  path={['categories', i, 'description']}
                  label={`Description of ${c.id}`}
                  testId="pb-category-description"
                  compact
                />
              </td>
              <td>
                <SelectField
                  path={['categories', i, 'priority']}
                  label={`Priority of ${c.label}`}
                  testId="pb-category-priority"
                  options={PRIORITY_OPTIONS}
                  compact
                />
              </td>
              <td>
                <NumberField
                  path={['categories', i, 'slaHours']}
                  label={`First reaction for ${c.label}, in hours`}
                  testId="pb-category-sla"
                  min={0.25}
                  max={336}
                  compact
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
