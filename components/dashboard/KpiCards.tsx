import {
  change,
  formatInt,
  formatMinutes,
  formatPercent,
  metTarget,
  targetProgress,
} from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import type { Metric, OptionalMetric, SummaryResponse } from '@/lib/schemas/reports';

interface CardSpec {
  id: string;
  label: string;
  metric: Metric | OptionalMetric;
  format: (n: number | null) => string;
  target?: number;
  targetText?: string;
  lowerIsBetter?: boolean;
  note?: string;
}

function cards(s: SummaryResponse): CardSpec[] {
  const k = s.kpis;
  const t = s.targets;
  const int = (n: number | null) => (n === null ? '—' : formatInt(n));
  return [
    {
      id: 'replies',
      label: 'Replies',
      metric: k.replies,
      format: int,
      target: t.replies,
      targetText: formatInt(t.replies),
    },
    {
      id: 'likes',
      label: 'Likes (net)',
      metric: k.likes,
      format: int,
      target: t.likes,
      targetText: formatInt(t.likes),
      note: `${formatInt(k.likesGiven.current)} given, ${formatInt(k.unlikes.current)} taken back`,
    },
    {
      id: 'active',
      label: 'Active ambassadors',
      metric: k.activeAmbassadors,
      format: int,
      target: t.activeAmbassadors,
      targetText: formatInt(t.activeAmbassadors),
    },
    {
      id: 'opened',
      label: 'Threads opened',
      metric: k.threadsOpened,
      format: int,
      note: 'tracked by managers',
    },
    {
      id: 'answered',
      label: 'Threads answered',
      metric: k.threadsAnswered,
      format: int,
      note: 'first team reply in period',
    },
    {
      id: 'sla',
      label: 'SLA compliance',
      metric: k.slaCompliance,
      format: (n) => formatPercent(n),
      target: t.slaCompliance,
      targetText: formatPercent(t.slaCompliance),
      note: `${k.slaMet.current} of ${k.slaDecided.current} decided threads in time`,
    },
    {
      id: 'median',
      label: 'Median first reply',
      metric: k.medianFirstReplyMinutes,
      format: formatMinutes,
      target: t.medianFirstReplyHours * 60,
      targetText: `≤ ${formatMinutes(t.medianFirstReplyHours * 60)}`,
      lowerIsBetter: true,
    },
  ];
}

function KpiCard({ spec }: { spec: CardSpec }) {
  const c = change(spec.metric);
  const good = spec.lowerIsBetter ? c.direction === 'down' : c.direction === 'up';
  const bad = spec.lowerIsBetter ? c.direction === 'up' : c.direction === 'down';
  const progress =
    spec.target !== undefined ? targetProgress(spec.metric.current, spec.target, spec.lowerIsBetter) : 0;
  const met = spec.target !== undefined && metTarget(spec.metric.current, spec.target, spec.lowerIsBetter);
  return (
    <article className="rt-kpi" data-testid={`kpi-${spec.id}`} aria-label={spec.label}>
      <h3 className="rt-kpi-label">{spec.label}</h3>
      <p className="rt-kpi-value" data-testid={`kpi-${spec.id}-value`}>
        {spec.format(spec.metric.current)}
      </p>
      <p className="rt-kpi-prev">
        <span className="rt-muted">Previous </span>
        <span data-testid={`kpi-${spec.id}-previous`}>{spec.format(spec.metric.previous)}</span>{' '}
        <span className={`rt-change ${good ? 'rt-good' : bad ? 'rt-bad' : ''}`}>{c.text}</span>
      </p>
      {spec.target !== undefined && (
        <div className="rt-target">
          <div className={`rt-bar ${met ? 'rt-bar-met' : ''}`} aria-hidden="true">
            <span style={{ width: `${progress * 100}%` }} />
          </div>
          <span className="rt-muted">
            Target {spec.targetText}
            {met ? ' · met' : ` · ${Math.round(progress * 100)}%`}
          </span>
        </div>
      )}
      {spec.note && <p className="rt-kpi-note rt-muted">{spec.note}</p>}
    </article>
  );
}

export function KpiCards() {
  const summary = useDashboard((s) => s.data.summary);
  if (!summary) return null;
  return (
    <section className="rt-kpis" aria-labelledby="rt-kpis-title">
      <h2 id="rt-kpis-title" className="rt-visually-hidden">
        Key figures
      </h2>
      {cards(summary).map((spec) => (
        <KpiCard key={spec.id} spec={spec} />
      ))}
    </section>
  );
}
