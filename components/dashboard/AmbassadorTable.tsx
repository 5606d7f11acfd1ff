import { useMemo, useState } from 'react';
import { formatDateTime, formatInt } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';
import { type AmbassadorSort, type AmbassadorSortKey, ambassadorRows } from '@/lib/reports/table';
import { PLATFORM_LABEL } from './labels';

const COLUMNS: { key: AmbassadorSortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Member' },
  { key: 'level', label: 'Level' },
  { key: 'replies', label: 'Replies', numeric: true },
  { key: 'likes', label: 'Likes (net)', numeric: true },
  { key: 'actions', label: 'Actions', numeric: true },
  { key: 'threadsTouched', label: 'Threads touched', numeric: true },
  { key: 'firstRepliesWithinSla', label: 'First replies in SLA', numeric: true },
  { key: 'lastActiveAt', label: 'Last active' },
];

export function AmbassadorTable() {
  const data = useDashboard((s) => s.data.ambassadors);
  const tz = useDashboard(selectTimeZone);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<AmbassadorSort>({ key: 'actions', dir: 'desc' });
  const rows = useMemo(
    () => (data ? ambassadorRows(data.members, data.levels, query, sort) : []),
    [data, query, sort],
  );
  if (!data) return null;
  const levelLabel = new Map(data.levels.map((l) => [l.id, l.label]));
  const active = data.members.filter((m) => m.actions > 0).length;
  const toggle = (key: AmbassadorSortKey) =>
    setSort((s) =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'name' ? 'asc' : 'desc' },
    );

  return (
    <section className="rt-card rt-section" aria-labelledby="rt-amb-title" data-testid="ambassadors">
      <header className="rt-card-head">
        <div>
          <h2 id="rt-amb-title">Ambassadors</h2>
          <p className="rt-muted">
            {active} of {data.members.length} members active ·{' '}
            {data.levels.map((l) => `${l.label} ≥ ${l.minActions}`).join(' · ')} actions
          </p>
        </div>
        <label className="rt-search no-print">
          <span className="rt-visually-hidden">Search members</span>
          <input
            type="search"
            placeholder="Search name, role or level"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="ambassador-search"
          />
        </label>
      </header>
      <div className="rt-scroll">
        <table className="rt-table" data-testid="ambassador-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'rt-n' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="rt-sort" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true">
                      {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={`${m.name}-${m.revoked}`} className={m.actions === 0 ? 'rt-dim' : undefined}>
                <th scope="row">
                  {m.name}
                  {m.role !== 'ambassador' && <span className="rt-tag">{m.role}</span>}
                  {m.revoked && <span className="rt-tag">revoked</span>}
                  <span className="rt-muted rt-platforms">
                    {m.platforms.map((p) => PLATFORM_LABEL[p]).join(' · ')}
                  </span>
                </th>
                <td>
                  {m.level ? (
                    <span className={`rt-level rt-level-${data.levels.findIndex((l) => l.id === m.level)}`}>
                      {levelLabel.get(m.level) ?? m.level}
                    </span>
                  ) : (
                    <span className="rt-muted">—</span>
                  )}
                </td>
                <td className="rt-n">{formatInt(m.replies)}</td>
                <td className="rt-n">{formatInt(m.likes)}</td>
                <td className="rt-n">
                  {formatInt(m.actions)} <span className="rt-muted">({formatInt(m.previousActions)})</span>
                </td>
                <td className="rt-n">{formatInt(m.threadsTouched)}</td>
                <td className="rt-n">
                  {m.firstRepliesWithinSla} / {m.firstReplies}
                </td>
                <td>{formatDateTime(m.lastActiveAt, tz, false)}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="rt-empty">
                  No member matches “{query}”.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="rt-muted rt-footnote">Actions = replies + net likes; the previous period in brackets.</p>
    </section>
  );
}
