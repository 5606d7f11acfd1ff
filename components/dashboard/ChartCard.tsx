import { type ReactNode, useId, useState } from 'react';

/** A chart with an accessible table of the same numbers, one toggle away (and both in print). */
export function ChartCard(props: {
  title: string;
  description?: string;
  chart: ReactNode;
  table: ReactNode;
  testId: string;
  empty?: boolean;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section className="rt-card rt-chart-card" aria-labelledby={headingId} data-testid={props.testId}>
      <header className="rt-card-head">
        <div>
          <h3 id={headingId}>{props.title}</h3>
          {props.description && <p className="rt-muted">{props.description}</p>}
        </div>
        <button
          type="button"
          className="rt-toggle no-print"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
          data-testid={`${props.testId}-toggle`}
        >
          {asTable ? 'Show chart' : 'Show table'}
        </button>
      </header>
      {props.empty ? (
        <p className="rt-empty">Nothing logged in this period.</p>
      ) : (
        <>
          {/* Hidden from assistive tech (the table says the same); every chart sets accessibilityLayer
              false so nothing in here takes keyboard focus either. */}
          <div className="rt-chart" hidden={asTable} aria-hidden="true">
            {props.chart}
          </div>
          <div className="rt-chart-table" hidden={!asTable} data-testid={`${props.testId}-table`}>
            {props.table}
          </div>
        </>
      )}
    </section>
  );
}
