import { compactNumber } from '@/lib/inbox/format';
import type { MentionAlert } from '@/lib/schemas/mention';
import { categoryLabel } from '../labels';

/** One alert in words; the inbox and a manager's popup say it the same way. */
export function AlertText({ alert }: { alert: MentionAlert }) {
  if (alert.kind === 'spike') {
    return (
      <>
        <strong>Spike:</strong> {alert.count} mentions in the last hour, {alert.factor.toFixed(1)}× the usual{' '}
        {alert.average.toFixed(1)} for this hour.
      </>
    );
  }
  return (
    <>
      <strong>High-reach negative:</strong> {alert.authorHandle} ({compactNumber(alert.reach)} reach,{' '}
      {categoryLabel(alert.category)}).{' '}
      <a href={alert.url} target="_blank" rel="noreferrer noopener">
        Open the post
      </a>
    </>
  );
}
