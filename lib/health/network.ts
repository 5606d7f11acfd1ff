import type { NetworkSignal } from '../capture/signals';
import type { Platform } from '../schemas/common';
import type { HealthObservation, HealthPass } from '../schemas/health';
import { countedBy } from './checks';

/** Network checks are about the site's calls, not one page type. */
export const ANY_PAGE = 'any';

/**
 * What one signal from the network observer says about the adapter's network dependencies: an answer
 * we could not read, fields missing from one we could, a call of ours we could not recognise; or that
 * the answer was read in full. A refusal by the site says nothing about our health.
 */
export function networkHealth(
  platform: Platform,
  signal: NetworkSignal,
): { failed: HealthObservation[]; passed: HealthPass[] } {
  const at = (check: string) => ({ platform, page: ANY_PAGE, check });
  switch (signal.kind) {
    case 'unreadable':
      return {
        failed: [
          {
            ...at(`answer:${signal.op}`),
            signal: 'network',
            affects: [countedBy(signal.op)],
            detail: signal.reason.slice(0, 300),
          },
        ],
        passed: [],
      };
    case 'confirmed': {
      const passed = [at(`answer:${signal.op}`)];
      if (!signal.missing?.length) return { failed: [], passed: [...passed, at(`fields:${signal.op}`)] };
      return {
        failed: [
          {
            ...at(`fields:${signal.op}`),
            signal: 'network',
            affects: [],
            detail: `answer read, missing: ${signal.missing.join(', ')}`.slice(0, 300),
          },
        ],
        passed,
      };
    }
    case 'drift':
      return {
        failed: [
          {
            ...at(signal.check),
            signal: 'network',
            affects: signal.op ? [countedBy(signal.op)] : [],
            detail: signal.detail,
            ...(signal.shape ? { shape: signal.shape } : {}),
          },
        ],
        passed: [],
      };
    default:
      return { failed: [], passed: [] };
  }
}
