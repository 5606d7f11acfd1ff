import type { MonitoringTerms } from '../../lib/schemas/monitoring';
import { YOUTUBE_CHANNEL_ID_RE } from '../../lib/schemas/monitoring';

/**
 * The team's terms as the platforms' own search syntax. A search only narrows what is fetched: every
 * post still goes through the shared matcher on arrival (server/core/mentions.ts), so whole words,
 * exclusions and `*` endings mean exactly what they mean for captured posts.
 */

export const isChannelTerm = (t: string) => YOUTUBE_CHANNEL_ID_RE.test(t);

/** Neither search knows `*` endings: the stem is searched and the matcher keeps its word forms. */
const stem = (t: string) => (t.endsWith('*') ? t.slice(0, -1) : t);
const quoted = (t: string) => (/^[@$#]?[\p{L}\p{N}_]+$/u.test(t) ? t : `"${t.replace(/"/g, '')}"`);

/** Searchable terms for text searches (not channel ids), in the team's order. */
export function textTerms(list: readonly string[]): string[] {
  return list
    .filter((t) => !isChannelTerm(t))
    .map(stem)
    .filter((t) => t.replace(/^[@$#]/, '').length > 0);
}

const X_SUFFIX = ' -is:retweet -is:nullcast';

/**
 * X recent-search queries: `(a OR b OR …) -x -is:retweet -is:nullcast`, split so each fits X's query
 * length (512 characters on the self-serve plans). Retweets repeat another post's text and
 * `is:nullcast` posts are ads, neither a new mention.
 */
export function xQueries(terms: MonitoringTerms, maxLength = 512): string[] {
  const include = textTerms(terms.include).map(quoted);
  if (include.length === 0) return [];
  let exclude = textTerms(terms.exclude)
    .map((t) => (t.startsWith('@') ? `-from:${t.slice(1)} -${t}` : `-${quoted(t)}`))
    .join(' ');
  // Exclusions are a courtesy to the rate limit (the matcher applies them anyway): drop what does not fit.
  const room = () => maxLength - X_SUFFIX.length - exclude.length - 3;
  while (exclude && room() < Math.min(100, maxLength / 2))
    exclude = exclude.split(' ').slice(0, -1).join(' ');
  const queries: string[] = [];
  let group: string[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const ors = group.length === 1 ? group[0] : `(${group.join(' OR ')})`;
    queries.push(`${ors}${exclude ? ` ${exclude}` : ''}${X_SUFFIX}`);
    group = [];
  };
  for (const t of include) {
    if (t.length > room()) continue;
    if ([...group, t].join(' OR ').length > room()) flush();
    group.push(t);
  }
  flush();
  return queries;
}

/** YouTube's `q`: terms joined with `|` (OR), exclusions with `-`. */
export function youtubeQuery(terms: MonitoringTerms): string | undefined {
  const include = textTerms(terms.include).map((t) => quoted(t.replace(/^\$/, '')));
  if (include.length === 0) return undefined;
  const exclude = textTerms(terms.exclude)
    .filter((t) => !t.startsWith('@'))
    .map((t) => `-${quoted(t)}`);
  return [include.join('|'), ...exclude].join(' ');
}
