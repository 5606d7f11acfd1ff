import type { AmbassadorRow, RecognitionLevel } from '../schemas/reports';

export type AmbassadorSortKey =
  | 'name'
  | 'level'
  | 'replies'
  | 'likes'
  | 'actions'
  | 'threadsTouched'
  | 'firstRepliesWithinSla'
  | 'lastActiveAt';

export interface AmbassadorSort {
  key: AmbassadorSortKey;
  dir: 'asc' | 'desc';
}

/** Filters by name, role or level label, then sorts; ties fall back to name so the order is stable. */
export function ambassadorRows(
  rows: readonly AmbassadorRow[],
  levels: readonly RecognitionLevel[],
  query: string,
  sort: AmbassadorSort,
): AmbassadorRow[] {
  const rank = new Map(levels.map((l, i) => [l.id, i + 1]));
  const label = new Map(levels.map((l) => [l.id, l.label.toLowerCase()]));
  const q = query.trim().toLowerCase();
  const kept = q
    ? rows.filter(
        (r) =>
          r.name.toLowerCase().includes(q) ||
          r.role.includes(q) ||
          (r.level !== null && (label.get(r.level) ?? '').includes(q)),
      )
    : [...rows];
  const value = (r: AmbassadorRow): number | string => {
    switch (sort.key) {
      case 'name':
        return r.name.toLowerCase();
      case 'level':
        return r.level ? (rank.get(r.level) ?? 0) : 0;
      case 'lastActiveAt':
        return r.lastActiveAt ?? '';
      default:
        return r[sort.key];
    }
  };
  const sign = sort.dir === 'asc' ? 1 : -1;
  return kept.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}
