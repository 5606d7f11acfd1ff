import type { Platform } from '../schemas/common';
import type { Counted, HealthRecord, TeamHealthWarning } from '../schemas/health';

const PLATFORM_NAME: Record<Platform, string> = { x: 'X', youtube: 'YouTube' };
const COUNTED: readonly Counted[] = ['replies', 'likes'];
/** A failure not seen for this long is history, not news. */
const STALE_MS = 7 * 24 * 3_600_000;

export interface HealthWarning {
  platform: Platform;
  /** `at-risk`: some actions have no working signal left; `degraded`: one signal carries them. */
  level: 'at-risk' | 'degraded';
  atRisk: Counted[];
  /** Still counted, from the one signal that works. */
  degraded: Counted[];
  /** In the member's words. */
  message: string;
  /** The failed checks behind it, for the team view and support. */
  checks: string[];
}

/** Whether a record still stands: seen by this version, recently, and not passed since. */
export function isActive(r: HealthRecord, version: string, now: Date): boolean {
  if (r.version !== version) return false; // an update may have fixed it; it will be seen again if not
  if (r.okAt && r.okAt >= r.lastSeen) return false;
  return now.getTime() - Date.parse(r.lastSeen) < STALE_MS;
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * What the member should know, per platform: an action is at risk when both its signals failed (the
 * page's markup and the site's answers), degraded when one did. Checks that affect no count (a missing
 * field, an unknown operation without an action) are for the team report only.
 */
export function healthWarnings(
  records: readonly HealthRecord[],
  version: string,
  now: Date,
): HealthWarning[] {
  const warnings: HealthWarning[] = [];
  for (const platform of Object.keys(PLATFORM_NAME) as Platform[]) {
    const active = records.filter(
      (r) => r.platform === platform && r.affects.length > 0 && isActive(r, version, now),
    );
    if (active.length === 0) continue;
    const broken = (signal: 'dom' | 'network', c: Counted) =>
      active.some((r) => r.signal === signal && r.affects.includes(c));
    const atRisk = COUNTED.filter((c) => broken('dom', c) && broken('network', c));
    const degraded = COUNTED.filter((c) => !atRisk.includes(c) && (broken('dom', c) || broken('network', c)));
    if (atRisk.length === 0 && degraded.length === 0) continue;
    const name = PLATFORM_NAME[platform];
    let message: string;
    if (atRisk.length > 0) {
      const safe = COUNTED.filter((c) => !atRisk.includes(c));
      message = `${name} changed its page: ${list(atRisk)} may not be counted until Reply Tracker is updated${
        safe.length ? `; your ${list(safe)} are still counted` : ''
      }.`;
    } else {
      const fromPage = degraded.filter((c) => broken('network', c));
      const fromAnswers = degraded.filter((c) => broken('dom', c));
      const how = [
        fromAnswers.length ? `your ${list(fromAnswers)} from ${name}'s own answers` : '',
        fromPage.length ? `your ${list(fromPage)} from what the page shows` : '',
      ].filter(Boolean);
      message = `${name} changed its page: Reply Tracker still counts ${list(how)} until it is updated.`;
    }
    warnings.push({
      platform,
      level: atRisk.length > 0 ? 'at-risk' : 'degraded',
      atRisk,
      degraded,
      message,
      checks: [...new Set(active.map((r) => r.check))].sort(),
    });
  }
  return warnings;
}

/**
 * The same judgement for the team view: per platform, what a member may be missing and since when
 * (the earliest first sighting among the checks behind it). One definition, so the manager never sees
 * a warning the member's own sidebar does not show, nor the other way round.
 */
export function teamHealthWarnings(
  records: readonly HealthRecord[],
  version: string,
  now: Date,
): TeamHealthWarning[] {
  return healthWarnings(records, version, now).map((w) => {
    const behind = records.filter(
      (r) => r.platform === w.platform && r.affects.length > 0 && isActive(r, version, now),
    );
    const since = behind.map((r) => r.firstSeen).sort()[0] ?? now.toISOString();
    return {
      platform: w.platform,
      level: w.level,
      atRisk: w.atRisk,
      degraded: w.degraded,
      since,
      checks: w.checks,
    };
  });
}

/** A team warning in the manager's words: "X changed its page: likes may not be counted." */
export function describeTeamWarning(w: Pick<TeamHealthWarning, 'platform' | 'atRisk' | 'degraded'>): string {
  const name = PLATFORM_NAME[w.platform];
  const parts: string[] = [];
  if (w.atRisk.length) parts.push(`${list(w.atRisk)} may not be counted`);
  if (w.degraded.length) {
    // Both words are plurals ("replies", "likes").
    parts.push(`${list(w.degraded)} are still counted, from one signal instead of two`);
  }
  return `${name} changed its page: ${parts.join('; ')}.`;
}
