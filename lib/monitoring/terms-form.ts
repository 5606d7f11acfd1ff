import { MAX_TERMS, type MonitoringTerms, TermSchema, YOUTUBE_CHANNEL_ID_RE } from '../schemas/monitoring';

/**
 * The terms editor's form: one text box per kind of term, one term a line. The stored document keeps a
 * single `include` list whose first character says the kind (lib/schemas/monitoring.ts); a manager
 * thinks in kinds, so the form splits it and joins it back.
 */
export const TERM_FIELDS = ['words', 'handles', 'cashtags', 'hashtags', 'channels', 'exclude'] as const;
export type TermField = (typeof TERM_FIELDS)[number];
export type TermFields = Record<TermField, string>;

export interface TermIssue {
  field: TermField;
  /** 1-based, as a person counts lines. */
  line: number;
  message: string;
}

const SIGN: Partial<Record<TermField, string>> = { handles: '@', cashtags: '$', hashtags: '#' };
const FIELD_OF_SIGN: Record<string, TermField> = { '@': 'handles', $: 'cashtags', '#': 'hashtags' };

export const FIELD_LABELS: Record<TermField, string> = {
  words: 'Words and phrases',
  handles: 'X handles',
  cashtags: 'Cashtags',
  hashtags: 'Hashtags',
  channels: 'YouTube channel ids',
  exclude: 'Exclusions',
};

function fieldOf(term: string): TermField {
  const sign = FIELD_OF_SIGN[term[0] ?? ''];
  if (sign) return sign;
  return YOUTUBE_CHANNEL_ID_RE.test(term) ? 'channels' : 'words';
}

/** The published terms as the form shows them. */
export function termsToFields(terms: MonitoringTerms): TermFields {
  const lists: Record<TermField, string[]> = {
    words: [],
    handles: [],
    cashtags: [],
    hashtags: [],
    channels: [],
    exclude: [...terms.exclude],
  };
  for (const t of terms.include) lists[fieldOf(t)].push(t);
  return Object.fromEntries(TERM_FIELDS.map((f) => [f, lists[f].join('\n')])) as TermFields;
}

export const EMPTY_FIELDS: TermFields = termsToFields({ include: [], exclude: [] });

/** One line of one field as the term it stands for; a missing sign is added (`finvo` under handles). */
function termOfLine(field: TermField, line: string): string {
  const sign = SIGN[field];
  return sign && !line.startsWith(sign) ? `${sign}${line}` : line;
}

function checkLine(field: TermField, raw: string): { term: string } | { message: string } {
  const line = raw.trim();
  const term = termOfLine(field, line);
  if (field === 'channels' && !YOUTUBE_CHANNEL_ID_RE.test(term)) {
    return {
      message: `“${line}” is not a YouTube channel id: it starts with UC and has 24 letters, digits, - or _ (on the channel page: About → Share channel → Copy channel ID).`,
    };
  }
  if (field === 'words') {
    const sign = FIELD_OF_SIGN[line[0] ?? ''];
    if (sign) return { message: `“${line}” starts with ${line[0]}: put it under ${FIELD_LABELS[sign]}.` };
    if (YOUTUBE_CHANNEL_ID_RE.test(line)) {
      return { message: `“${line}” looks like a YouTube channel id: put it under ${FIELD_LABELS.channels}.` };
    }
  }
  const parsed = TermSchema.safeParse(term);
  if (!parsed.success) return { message: `“${line}”: ${parsed.error.issues[0]?.message ?? 'not a term'}.` };
  return { term: parsed.data };
}

/** The form back as terms, with every line that cannot be a term named in plain words. */
export function fieldsToTerms(fields: TermFields): { terms: MonitoringTerms; issues: TermIssue[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  const issues: TermIssue[] = [];
  for (const field of TERM_FIELDS) {
    fields[field].split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      const checked = checkLine(field, raw);
      if ('message' in checked) issues.push({ field, line: i + 1, message: checked.message });
      else (field === 'exclude' ? exclude : include).push(checked.term);
    });
  }
  const dedupe = (list: string[]) => {
    const seen = new Set<string>();
    return list.filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()));
  };
  const terms = { include: dedupe(include), exclude: dedupe(exclude) };
  if (terms.include.length > MAX_TERMS) {
    issues.push({
      field: 'words',
      line: 0,
      message: `${terms.include.length} terms to look for; the limit is ${MAX_TERMS}.`,
    });
  }
  if (terms.exclude.length > MAX_TERMS) {
    issues.push({
      field: 'exclude',
      line: 0,
      message: `${terms.exclude.length} exclusions; the limit is ${MAX_TERMS}.`,
    });
  }
  return { terms, issues };
}

export const sameFields = (a: TermFields, b: TermFields) => TERM_FIELDS.every((f) => a[f] === b[f]);
