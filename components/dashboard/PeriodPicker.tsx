import { type FormEvent, useState } from 'react';
import { monthLabel, shiftMonth } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';

const zones = (): string[] => {
  const withValues = Intl as typeof Intl & { supportedValuesOf?: (k: 'timeZone') => string[] };
  return withValues.supportedValuesOf?.('timeZone') ?? ['UTC'];
};

export function PeriodPicker() {
  const selection = useDashboard((s) => s.selection);
  const selectMonth = useDashboard((s) => s.selectMonth);
  const selectRange = useDashboard((s) => s.selectRange);
  const selectTimeZone_ = useDashboard((s) => s.selectTimeZone);
  const tz = useDashboard(selectTimeZone);
  const period = useDashboard((s) => s.data.summary?.period);
  const [custom, setCustom] = useState(selection.mode === 'range');
  const [from, setFrom] = useState(selection.mode === 'range' ? selection.from : (period?.from ?? ''));
  const [to, setTo] = useState(selection.mode === 'range' ? selection.to : (period?.to ?? ''));

  const month = selection.mode === 'month' ? selection.month : (period?.from.slice(0, 7) ?? '');
  const applyRange = (e: FormEvent) => {
    e.preventDefault();
    if (from && to && from <= to) selectRange(from, to);
  };

  return (
    <div className="rt-period no-print" data-testid="period-picker">
      <fieldset className="rt-segmented">
        <legend className="rt-visually-hidden">Period</legend>
        <button
          type="button"
          aria-pressed={!custom}
          onClick={() => {
            setCustom(false);
            if (selection.mode === 'range') selectMonth(month);
          }}
        >
          Month
        </button>
        <button
          type="button"
          aria-pressed={custom}
          onClick={() => {
            setCustom(true);
            if (period) {
              setFrom(period.from);
              setTo(period.to);
            }
          }}
        >
          Custom range
        </button>
      </fieldset>
      {!custom ? (
        <div className="rt-month">
          <button
            type="button"
            aria-label="Previous month"
            onClick={() => selectMonth(shiftMonth(month, -1))}
          >
            ‹
          </button>
          <label>
            <span className="rt-visually-hidden">Month</span>
            <input
              type="month"
              value={month}
              onChange={(e) => e.target.value && selectMonth(e.target.value)}
              data-testid="month-input"
            />
          </label>
          <button type="button" aria-label="Next month" onClick={() => selectMonth(shiftMonth(month, 1))}>
            ›
          </button>
          <span className="rt-muted rt-month-label">{month && monthLabel(month)}</span>
        </div>
      ) : (
        <form className="rt-range" onSubmit={applyRange}>
          <label>
            From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label>
            To <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required />
          </label>
          <button type="submit" className="rt-button">
            Apply
          </button>
        </form>
      )}
      <label className="rt-tz">
        Time zone{' '}
        <select value={tz} onChange={(e) => selectTimeZone_(e.target.value)}>
          {[...new Set([tz, ...zones()])].map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
