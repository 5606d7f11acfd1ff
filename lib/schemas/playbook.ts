import { z } from 'zod';
import { CATEGORY_IDS, CategoryConfigSchema, type CategoryId, CategoryIdSchema } from './categories';
import { HttpUrlSchema, TextSchema } from './common';
import { ClassifierRulesSchema } from './rules';

/**
 * The playbooks document a manager publishes (`PUT /api/v1/playbooks` → `content`): category settings,
 * classifier rules, one playbook per category, and the links templates point people to. One schema for
 * the server's validation, the options editor and the sidebar.
 */

/** Variables a template may use; `fillTemplate` knows how to fill each. */
export const TEMPLATE_VARIABLES = [
  'author',
  'support_url',
  'status_url',
  'help_article',
  'support_handle',
  'brand',
  // Deliberately never filled: the ambassador writes their own experience there before sending.
  'my_experience',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** `{name}` with a plain identifier inside; any other braces are ordinary text. */
export const VARIABLE_PATTERN = /\{([a-z_][a-z0-9_]*)\}/g;

const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, "-" or "_"');

/** BCP 47-ish: "en", "ru", "pt-BR". The manager can add languages. */
export const LanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code such as "en", "ru" or "pt-BR"');
export type Language = z.infer<typeof LanguageSchema>;

/** How long each text may be: the schema checks it, the editor counts towards it. */
export const TEXT_LIMITS = {
  templateLabel: 80,
  templateText: 600,
  goal: 300,
  line: 300,
  escalation: 400,
  likeWhat: 300,
  disclosure: 200,
} as const;

const Line = (max: number) => TextSchema.trim().min(1, 'must not be empty').max(max);

export const TemplateSchema = z
  .object({
    /** Stable across languages: the same reply in English and Russian shares an id. */
    id: Slug,
    label: Line(TEXT_LIMITS.templateLabel),
    // X allows 280 characters; variables expand, so leave some room but stop essays.
    text: Line(TEXT_LIMITS.templateText),
  })
  .superRefine((t, ctx) => {
    // Stricter than filling: "{supportUrl}" is a typo to catch here, not text to keep.
    for (const [, name] of t.text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name!)) {
        ctx.addIssue({
          code: 'custom',
          path: ['text'],
          message: `unknown variable {${name}}; use one of ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(', ')}`,
        });
      }
    }
  });
export type Template = z.infer<typeof TemplateSchema>;

export const EscalationRouteSchema = z.enum(['support', 'dm', 'manager', 'none']);
export type EscalationRoute = z.infer<typeof EscalationRouteSchema>;

export const PlaybookSchema = z
  .object({
    id: Slug,
    category: CategoryIdSchema,
    /** What a good reply achieves, in one sentence. */
    goal: Line(TEXT_LIMITS.goal),
    do: z.array(Line(TEXT_LIMITS.line)).max(12),
    dont: z.array(Line(TEXT_LIMITS.line)).max(12),
    escalation: z.object({
      /** When to route instead of (or besides) replying. */
      when: TextSchema.trim().max(TEXT_LIMITS.escalation),
      route: EscalationRouteSchema,
      note: TextSchema.trim().max(TEXT_LIMITS.escalation),
    }),
    like: z.object({ should: z.boolean(), what: TextSchema.trim().max(TEXT_LIMITS.likeWhat) }),
    /** A line to add when the ambassador's perks must be disclosed in this kind of reply. */
    disclosure: Line(TEXT_LIMITS.disclosure).optional(),
    /** By language; a category may have none (legal and security matters are not answered in public). */
    templates: z.record(LanguageSchema, z.array(TemplateSchema).max(8)),
  })
  .superRefine((p, ctx) => {
    for (const [lang, list] of Object.entries(p.templates)) {
      const seen = new Set<string>();
      list.forEach((t, i) => {
        if (seen.has(t.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['templates', lang, i, 'id'],
            message: `duplicate template id "${t.id}" in ${lang}`,
          });
        }
        seen.add(t.id);
      });
    }
  });
export type Playbook = z.infer<typeof PlaybookSchema>;

/**
 * The document's `settings` (its name on the wire), edited on the options page's Links tab: the brand,
 * where templates send people (support and status pages, the support account, help articles) and the
 * templates' default language. Called links here so "settings" is only the extension's own
 * (lib/settings).
 */
export const PlaybookLinksSchema = z.object({
  /** Where people get private help: templates never ask for account data in public. */
  supportUrl: HttpUrlSchema,
  statusUrl: HttpUrlSchema,
  /** The support account on the platform, e.g. "@KovraSupport". */
  supportHandle: z
    .string()
    .regex(/^@?[A-Za-z0-9_]{1,20}$/, 'must be a handle such as @KovraSupport')
    .optional(),
  brand: TextSchema.trim().min(1).max(60),
  /**
   * Articles by key: a category id, optionally with a language ("support_needed.ru"), or "general".
   * `{help_article}` picks the most specific one.
   */
  helpArticles: z.record(
    z
      .string()
      .regex(/^[a-z_]+(\.[a-z]{2,3}(-[A-Z]{2})?)?$/, 'must be a category id, "general", or "<key>.<lang>"'),
    HttpUrlSchema,
  ),
  defaultLanguage: LanguageSchema,
});
export type PlaybookLinks = z.infer<typeof PlaybookLinksSchema>;

/** The classifier's phrases and weights (lib/classify), published with the playbooks they feed. */
export const RulesSchema = ClassifierRulesSchema;

export const PlaybookContentSchema = z
  .object({
    categories: z.array(CategoryConfigSchema),
    rules: RulesSchema,
    // An enum key makes the record exhaustive: every category must have its playbook.
    playbooks: z.record(CategoryIdSchema, PlaybookSchema),
    settings: PlaybookLinksSchema,
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<CategoryId>();
    doc.categories.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `"${c.id}" is listed twice` });
      }
      seen.add(c.id);
    });
    for (const id of CATEGORY_IDS) {
      if (!seen.has(id))
        ctx.addIssue({ code: 'custom', path: ['categories'], message: `"${id}" is missing` });
    }
    for (const [key, p] of Object.entries(doc.playbooks)) {
      if (p.category !== key) {
        ctx.addIssue({
          code: 'custom',
          path: ['playbooks', key, 'category'],
          message: `is "${p.category}" but the playbook is filed under "${key}"`,
        });
      }
    }
  });
export type PlaybookContent = z.infer<typeof PlaybookContentSchema>;

export interface PlaybookIssue {
  /** Into the document, e.g. `["playbooks", "trolling", "templates", "en", 0, "text"]`. */
  path: (string | number)[];
  message: string;
}

export type PlaybookValidation =
  | { ok: true; content: PlaybookContent }
  | { ok: false; issues: PlaybookIssue[] };

/** "playbooks.trolling.templates.en[0].text" */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Validates a document, answering every problem with where it is. */
export function validatePlaybooks(input: unknown): PlaybookValidation {
  const parsed = PlaybookContentSchema.safeParse(input);
  if (parsed.success) return { ok: true, content: parsed.data };
  return { ok: false, issues: toPlaybookIssues(parsed.error.issues, [], input) };
}

/** Zod's issues in this module's terms; `prefix` places a part's issues in the whole document. */
export function toPlaybookIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[] = [],
  /** The document checked (at `prefix`), so a message can say how long the text is now. */
  input?: unknown,
): PlaybookIssue[] {
  return issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    return {
      path: [...prefix, ...path],
      // Zod only says "Invalid key in record"; the key's own rule says what is wrong with it.
      message:
        i.code === 'invalid_key' && i.issues[0]
          ? i.issues[0].message
          : plainMessage(i, input === undefined ? undefined : valueAt(input, path)),
    };
  });
}

function valueAt(doc: unknown, path: readonly (string | number)[]): unknown {
  let at = doc;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of fields',
};

/**
 * A manager reads these beside the field: "at most 600 characters, now 652", not Zod's
 * "Too big: expected string to have <=600 characters". Messages the schema wrote itself are kept.
 */
export function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  // Our own messages ('must not be empty', unknown variables…) are already in words.
  if (!/^(Invalid|Too (big|small))\b/.test(issue.message)) return issue.message;
  // The schema trims before it counts, so the count shown is the count checked.
  const length =
    typeof value === 'string' ? value.trim().length : Array.isArray(value) ? value.length : undefined;
  const now = length === undefined ? '' : `, now ${length}`;
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'string')
        return `at most ${plural(Number(issue.maximum), 'character', 'characters')}${now}`;
      if (issue.origin === 'array') return `at most ${plural(Number(issue.maximum), 'item', 'items')}${now}`;
      if (issue.origin === 'number') {
        return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
      }
      break;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `at least ${plural(Number(issue.minimum), 'character', 'characters')}${now}`;
      }
      if (issue.origin === 'array') return `at least ${plural(Number(issue.minimum), 'item', 'items')}${now}`;
      if (issue.origin === 'number') {
        return issue.inclusive
          ? `must be at least ${issue.minimum}`
          : `must be greater than ${issue.minimum}`;
      }
      break;
    case 'invalid_type':
      if (value === undefined) return 'is missing';
      if (issue.expected === 'number' && typeof value === 'number') return 'must be a number';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => `"${String(v)}"`).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a web address such as https://example.com/help';
      return `must be a valid ${issue.format}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return issue.message;
}

const SECTION_WORDS: Record<string, string> = {
  playbooks: 'Playbook',
  categories: 'Category',
  rules: 'Classifier rules',
  settings: 'Links',
};
const FIELD_WORDS: Record<string, string> = {
  goal: 'goal',
  do: 'do',
  dont: 'don’t',
  escalation: 'escalation',
  when: 'when',
  route: 'route',
  note: 'note',
  like: 'like',
  what: 'what to like',
  should: 'like or not',
  disclosure: 'disclosure',
  templates: 'template',
  label: 'label',
  text: 'text',
  id: 'id',
  supportUrl: 'support page',
  statusUrl: 'status page',
  supportHandle: 'support account',
  brand: 'product name',
  helpArticles: 'help article',
  phrases: 'phrase',
  bias: 'bias',
  priority: 'priority',
  slaHours: 'SLA hours',
};

/**
 * Where an issue is, in the editor's words: "Needs support playbook › template 2 (en) › text" rather
 * than "playbooks.support_needed.templates.en[1].text". `labelOf` names a category.
 */
export function describePath(
  path: readonly (string | number)[],
  labelOf: (id: string) => string = (id) => id,
): string {
  const [head, ...rest] = path;
  if (head === undefined) return 'The document';
  const parts: string[] = [];
  let i = 0;
  if ((head === 'playbooks' || head === 'categories') && typeof rest[0] === 'string') {
    parts.push(`${labelOf(rest[0])} ${head === 'playbooks' ? 'playbook' : 'category'}`);
    i = 1;
  } else parts.push(SECTION_WORDS[String(head)] ?? String(head));
  for (; i < rest.length; i++) {
    const part = rest[i]!;
    const next = rest[i + 1];
    if (part === 'templates' && typeof next === 'string') {
      const n = rest[i + 2];
      parts.push(typeof n === 'number' ? `template ${n + 1} (${next})` : `templates (${next})`);
      i += typeof n === 'number' ? 2 : 1;
    } else if (typeof part === 'number') {
      // "do 3": a line of a list is named by its list and place.
      const last = parts.pop() ?? '';
      parts.push(`${last} ${part + 1}`.trim());
    } else {
      parts.push(FIELD_WORDS[part] ?? part);
    }
  }
  return parts.join(' › ');
}

/** One line per issue in the editor's words: "Trolling playbook › goal: must not be empty". */
export function describeIssuesPlainly(
  issues: readonly PlaybookIssue[],
  labelOf?: (id: string) => string,
): string[] {
  return issues.map((i) => `${describePath(i.path, labelOf)}: ${i.message}`);
}

/** One line per issue: "playbooks.trolling.goal: must not be empty". */
export function describeIssues(issues: readonly PlaybookIssue[]): string[] {
  return issues.map((i) => `${formatPath(i.path) || '(document)'}: ${i.message}`);
}
