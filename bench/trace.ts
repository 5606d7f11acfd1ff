/**
 * A DevTools timeline trace of one page run, for BENCH_TRACE=1 in bench/browser.ts: where the renderer's
 * main thread spends its time, event by event (layout, style, IntersectionObserver, GC, script…), so the
 * added task time of a scenario can be split into its parts with and without the extension. CPU
 * profiles (BENCH_PROFILE=1) see only JavaScript; most of a page's task time is not JavaScript.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  tts?: number;
  args?: { name?: string };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'v8',
  'v8.execute',
  'toplevel',
];

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
  });
}

/** Ends the trace and answers self thread time (ms) per event name on the busiest renderer main thread. */
export async function endTrace(cdp: CDPSession): Promise<Map<string, number>> {
  const done = new Promise<string>((resolve) =>
    cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? '')),
  );
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  return selfTimes(events);
}

function selfTimes(events: TraceEvent[]): Map<string, number> {
  const mainThreads = new Set<string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      mainThreads.add(`${e.pid}:${e.tid}`);
  }
  // Complete events only ('X'), thread time where the trace has it.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mainThreads.has(key) || e.tts === undefined || e.tdur === undefined) continue;
    const list = byThread.get(key);
    if (list) list.push(e);
    else byThread.set(key, [e]);
  }
  let best = new Map<string, number>();
  let bestTotal = -1;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: { e: TraceEvent; end: number; children: number }[] = [];
    let total = 0;
    const close = (until: number) => {
      while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
        const top = stack.pop()!;
        const own = Math.max(0, top.e.tdur! - top.children);
        self.set(top.e.name, (self.get(top.e.name) ?? 0) + own / 1000);
        if (stack.length > 0) stack[stack.length - 1]!.children += top.e.tdur!;
        else total += top.e.tdur! / 1000;
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
    }
    close(Number.POSITIVE_INFINITY);
    if (total > bestTotal) {
      bestTotal = total;
      best = self;
    }
  }
  return best;
}

/** Prints the events whose self time differs most between the runs with and without the extension. */
export function printTraceDiff(
  name: string,
  withExt: Map<string, number>,
  without: Map<string, number>,
): void {
  const names = new Set([...withExt.keys(), ...without.keys()]);
  const rows = [...names]
    .map((n) => ({ n, w: withExt.get(n) ?? 0, wo: without.get(n) ?? 0 }))
    .sort((a, b) => Math.abs(b.w - b.wo) - Math.abs(a.w - a.wo))
    .slice(0, 20);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  trace of ${name}, renderer main thread self time (ms): with ${sum(withExt).toFixed(0)}, without ${sum(without).toFixed(0)}`,
  );
  for (const r of rows) {
    console.log(
      `    ${(r.w - r.wo >= 0 ? '+' : '') + (r.w - r.wo).toFixed(1)}\t${r.w.toFixed(1)}\t${r.wo.toFixed(1)}\t${r.n}`,
    );
  }
}
