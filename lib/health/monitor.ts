import type { NetworkSignal } from '../capture/signals';
import type { PageKind, Platform } from '../schemas/common';
import type { HealthReport } from '../schemas/health';
import { checkPage, type PlatformHealth } from './checks';
import { networkHealth } from './network';

export interface HealthMonitorOptions {
  platform: Platform;
  health: PlatformHealth;
  doc: ParentNode;
  page(): PageKind;
  report(report: HealthReport): void;
  /** How long after a load or navigation the page counts as settled. */
  settleMs?: number;
}

export interface HealthMonitor {
  /** A page load or navigation: check the page once it has settled. */
  pageLoaded(): void;
  /** Every signal of the network observer. */
  network(signal: NetworkSignal): void;
  dispose(): void;
  /** Passes of the page check still to run. */
  pending(): number;
}

/**
 * Checks the page twice after it settles and reports a DOM failure only when both passes agree, so a
 * page still rendering never raises one; network news is reported as it comes. Cheap: a few
 * querySelectorAll calls per navigation, no observer of its own.
 */
export function createHealthMonitor(options: HealthMonitorOptions): HealthMonitor {
  const { platform, health, doc, report } = options;
  const settleMs = options.settleMs ?? 2_000;
  /** The passes still to run (a pass that has run is taken out). */
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let generation = 0;

  const run = () => checkPage(doc, platform, options.page(), health);
  const after = (fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, settleMs);
    timers.add(t);
  };
  const cancelAll = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };

  const pageLoaded = () => {
    cancelAll();
    const mine = ++generation;
    after(() => {
      if (mine !== generation) return;
      const first = run();
      after(() => {
        if (mine !== generation) return;
        const second = run();
        const stillFailing = new Set(first.failed.map((f) => f.check));
        const failed = second.failed.filter((f) => stillFailing.has(f.check));
        const passed = [...first.passed, ...second.passed];
        if (failed.length || passed.length) report({ failed, passed });
      });
    });
  };

  const network = (signal: NetworkSignal) => {
    const news = networkHealth(platform, signal);
    if (news.failed.length || news.passed.length) report(news);
  };

  return {
    pageLoaded,
    network,
    dispose: () => {
      generation++;
      cancelAll();
    },
    pending: () => timers.size,
  };
}
