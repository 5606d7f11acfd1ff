import { useState } from 'react';
import { formatDateTime, formatMinutes } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';
import type { ReportThread, ThreadList } from '@/lib/schemas/reports';
import { categoryLabel, PLATFORM_LABEL } from './labels';

type ListKey = 'overdue' | 'open' | 'answered' | 'closed';
const TABS: { key: ListKey; label: string; hint: string }[] = [
  { key: 'overdue', label: 'Overdue', hint: 'SLA passed with no reply, most overdue first' },
  { key: 'open', label: 'Open', hint: 'Waiting for a first reply, still in time' },
  { key: 'answered', label: 'Answered', hint: 'Opened in the period and answered' },
  { key: 'closed', label: 'Closed', hint: 'Opened in the period and closed by a manager' },
];

function Status({ t, list, tz }: { t: ReportThread; list: ListKey; tz: string }) {
  if (list === 'overdue')
    return <span className="rt-bad">{formatMinutes(t.overdueMinutes ?? 0)} overdue</span>;
  if (list === 'open') return <span>due {formatDateTime(t.slaDueAt, tz)}</span>;
  if (t.firstReplyAt) {
    return (
      <span className={t.withinSla ? 'rt-good' : 'rt-bad'}>
        first reply after {formatMinutes(t.firstReplyMinutes ?? 0)}
        {t.withinSla ? '' : ' (late)'}
      </span>
    );
  }
  return <span className="rt-muted">closed without a reply</span>;
}

function Rows({ list, data, tz }: { list: ListKey; data: ThreadList; tz: string }) {
  if (data.threads.length === 0) return <p className="rt-empty">None.</p>;
  return (
    <table className="rt-table">
      <thead>
        <tr>
          <th scope="col">Thread</th>
          <th scope="col">Category</th>
          <th scope="col">Opened</th>
          <th scope="col">Status</th>
          <th scope="col">Replied by</th>
        </tr>
      </thead>
      <tbody>
        {data.threads.map((t) => (
          <tr key={t.id}>
            <th scope="row">
              <a href={t.url} target="_blank" rel="noreferrer">
                {t.excerpt ? t.excerpt.slice(0, 90) : t.url}
              </a>
              <span className="rt-muted rt-platforms">
                {PLATFORM_LABEL[t.platform]}
                {t.author ? ` · ${t.author}` : ''} · {t.priority}
              </span>
            </th>
            <td>{categoryLabel(t.category)}</td>
            <td>{formatDateTime(t.createdAt, tz)}</td>
            <td>
              <Status t={t} list={list} tz={tz} />
            </td>
            <td>{t.repliedBy.join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
      {data.total > data.threads.length && (
        <tfoot>
          <tr>
            <td colSpan={5} className="rt-muted">
              Showing {data.threads.length} of {data.total}.
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

export function ThreadLists() {
  const threads = useDashboard((s) => s.data.threads);
  const tz = useDashboard(selectTimeZone);
  const [tab, setTab] = useState<ListKey>('overdue');
  if (!threads) return null;
  return (
    <section className="rt-card rt-section" aria-labelledby="rt-threads-title" data-testid="threads">
      <header className="rt-card-head">
        <h2 id="rt-threads-title">Tracked threads</h2>
      </header>
      <div className="rt-tabs no-print" role="tablist" aria-label="Thread lists">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`rt-tab-${t.key}`}
            aria-controls={`rt-panel-${t.key}`}
            aria-selected={tab === t.key}
            tabIndex={tab === t.key ? 0 : -1}
            onClick={() => setTab(t.key)}
            data-testid={`threads-tab-${t.key}`}
          >
            {t.label} <span className="rt-count">{threads[t.key].total}</span>
          </button>
        ))}
      </div>
      {TABS.map((t) => (
        <div
          key={t.key}
          role="tabpanel"
          id={`rt-panel-${t.key}`}
          aria-labelledby={`rt-tab-${t.key}`}
          className="rt-tabpanel"
          hidden={tab !== t.key}
          data-testid={`threads-${t.key}`}
        >
          <h3 className="print-only">
            {t.label} ({threads[t.key].total})
          </h3>
          <p className="rt-muted">{t.hint}.</p>
          <div className="rt-scroll">
            <Rows list={t.key} data={threads[t.key]} tz={tz} />
          </div>
        </div>
      ))}
    </section>
  );
}
