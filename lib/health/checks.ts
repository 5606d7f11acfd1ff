import type { PageKind, Platform } from '../schemas/common';
import type { Counted, HealthObservation, HealthPass } from '../schemas/health';

/**
 * One thing in a page's markup the counting depends on. It is judged only where its `anchor` (plain
 * structure that any version of the page has when it shows posts) is present, so an empty timeline, a
 * loading state or a login wall, which have no anchors, can never raise it.
 */
export interface DomRequirement {
  check: string;
  pages: readonly PageKind[];
  /** Structure that means "this page shows what the requirement is about". */
  anchor: string;
  /** Must match inside at least one anchor (or the anchor itself), else the check fails. */
  selector: string;
  affects: readonly Counted[];
  /** The fixture pages that show `selector` matching (the selectors module names them too). */
  evidence: string;
}

/** One site call the counting reads, and which fields of its answer it reads. */
export interface NetworkDependency {
  /** The site's name for it (X's GraphQL operation, YouTube's youtubei endpoint). */
  operation: string;
  op: 'reply' | 'comment' | 'like' | 'unlike';
  reads: string;
}

/** What an adapter declares it depends on (lib/platforms/<site>/health.ts). */
export interface PlatformHealth {
  dom: readonly DomRequirement[];
  network: readonly NetworkDependency[];
}

export const countedBy = (op: string): Counted => (op === 'like' || op === 'unlike' ? 'likes' : 'replies');

export interface DomVerdict {
  failed: HealthObservation[];
  passed: HealthPass[];
}

/** Runs the page's requirements: a few look-ups, no observer. Pure over `doc`. */
export function checkPage(
  doc: ParentNode,
  platform: Platform,
  page: PageKind,
  health: PlatformHealth,
): DomVerdict {
  const verdict: DomVerdict = { failed: [], passed: [] };
  for (const req of health.dom) {
    if (!req.pages.includes(page)) continue;
    const has = (a: Element) => a.matches(req.selector) || a.querySelector(req.selector) !== null;
    // The first anchor usually answers: no list of every anchor on a long page (issue 10: these
    // look-ups walked a page of 1,000 comments twice per check). Only a failing check needs them all.
    const firstAnchor = doc.querySelector(req.anchor);
    if (firstAnchor === null) continue; // nothing to judge: empty, loading, signed out
    const id = { platform, page, check: req.check };
    const anchors = has(firstAnchor) ? undefined : Array.from(doc.querySelectorAll(req.anchor));
    if (!anchors || anchors.some(has)) verdict.passed.push(id);
    else {
      verdict.failed.push({
        ...id,
        signal: 'dom',
        affects: [...req.affects],
        detail: `no ${req.selector} in ${anchors.length} × ${req.anchor}`.slice(0, 300),
      });
    }
  }
  return verdict;
}

/**
 * The shape of an unknown call's body, for the report: key paths to `depth`, never a value (no
 * personal text leaves the browser this way).
 */
export function keyShape(value: unknown, depth = 3, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth <= 0) return [];
  const out: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const safe = key.replace(/[^A-Za-z0-9_$-]/g, '?').slice(0, 40);
    const path = prefix ? `${prefix}.${safe}` : safe;
    out.push(path);
    out.push(...keyShape((value as Record<string, unknown>)[key], depth - 1, path));
    if (out.length >= 50) break;
  }
  return out.slice(0, 50);
}
