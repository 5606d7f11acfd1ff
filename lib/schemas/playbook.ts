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

const Line = (max: number) => TextSchema.trim().min(1, 'must not be empty').max(max);

export const TemplateSchema = z
  .object({
    /** Stable across languages: the same reply in English and Russian shares an id. */
    id: Slug,
    label: Line(80),
    // X allows 280 characters; variables expand, so leave some room but stop essays.
    text: Line(600),
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
    goal: Line(300),
    do: z.array(Line(300)).max(12),
    dont: z.array(Line(300)).max(12),
    escalation: z.object({
      /** When to route instead of (or besides) replying. */
      when: TextSchema.trim().max(400),
      route: EscalationRouteSchema,
      note: TextSchema.trim().max(400),
    }),
    like: z.object({ should: z.boolean(), what: TextSchema.trim().max(300) }),
    /** A line to add when the ambassador's perks must be disclosed in this kind of reply. */
    disclosure: Line(200).optional(),
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

export const PlaybookSettingsSchema = z.object({
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
export type PlaybookSettings = z.infer<typeof PlaybookSettingsSchema>;

/** The classifier's phrases and weights (lib/classify), published with the playbooks they feed. */
export const RulesSchema = ClassifierRulesSchema;

export const PlaybookContentSchema = z
  .object({
    categories: z.array(CategoryConfigSchema),
    rules: RulesSchema,
    // An enum key makes the record exhaustive: every category must have its playbook.
    playbooks: z.record(CategoryIdSchema, PlaybookSchema),
    settings: PlaybookSettingsSchema,
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
  return { ok: false, issues: toPlaybookIssues(parsed.error.issues) };
}

/** Zod's issues in this module's terms; `prefix` places a part's issues in the whole document. */
export function toPlaybookIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly (string | number)[] = [],
): PlaybookIssue[] {
  return issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    // Zod only says "Invalid key in record"; the key's own rule says what is wrong with it.
    message: i.code === 'invalid_key' && i.issues[0] ? i.issues[0].message : i.message,
  }));
}

/** One line per issue: "playbooks.trolling.goal: must not be empty". */
export function describeIssues(issues: readonly PlaybookIssue[]): string[] {
  return issues.map((i) => `${formatPath(i.path) || '(document)'}: ${i.message}`);
}
