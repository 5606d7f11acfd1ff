import { isReply } from '../domain/metrics';
import type { ThreadContext } from '../platforms/types';
import { type ResolvedPlaybooks, resolvePlaybooks } from '../playbooks';
import { DEFAULT_PLAYBOOKS } from '../playbooks/defaults';
import { type FilledTemplate, fillTemplate, pickLanguage, templateVars } from '../playbooks/fill';
import type { TeamActivityItem } from '../schemas/api';
import type { CategoryId } from '../schemas/categories';
import type { ObservedAction } from '../schemas/event';
import type { Language, Playbook, PlaybookContent, Template } from '../schemas/playbook';
import type { TrackedThread } from '../schemas/thread';
import { describeError } from './format';
import type { SidebarServices } from './services';
import type { SidebarState } from './store';

/** What the classifier (lib/classify) answers; only these fields are used here. */
export interface Suggestion {
  category: CategoryId;
  confidence: number;
  /** The words that decided it, as written in the text. */
  matched: string[];
  /** The calibrated reading of `confidence` (lib/classify), shown in words. */
  band?: 'likely' | 'unsure';
  /** Why the answer deserves less trust, e.g. the team's model could not be used. */
  note?: string;
}
/** lib/classify's `classify`, given the rules published with the playbooks. */
export type Classify = ((text: string, rules: PlaybookContent['rules']) => Suggestion) & {
  /** Changes when the model behind it does (the team's model arrived): cached suggestions are stale. */
  generation?: () => number;
};

export interface InsertedTemplate {
  templateId: string;
  playbookId: string;
  at: number;
}

export interface TemplateStatus {
  templateId: string;
  state: 'working' | 'inserted' | 'copied' | 'error';
  message?: string;
}

export interface PlaybookSlice {
  playbooks: ResolvedPlaybooks;
  /** The ambassador's category per thread (`threadKey`), for this page session. */
  overrides: Record<string, CategoryId>;
  /** The ambassador's language pick; otherwise the thread's own language. */
  language: Language | undefined;
  /** The last template inserted into a reply to each post, until that reply is logged. */
  inserted: Record<string, InsertedTemplate>;
  templateStatus: TemplateStatus | undefined;
  /** Null when there is no team server to ask (not connected). */
  team: TeamActivityItem[] | null;
  teamLoaded: boolean;
  /** Classifies a thread's text (memoised: selectors may call it on every render). */
  suggest(text: string | undefined): Suggestion | undefined;
  overrideCategory(ctx: ThreadContext, category: CategoryId | undefined): void;
  setLanguage(language: Language | undefined): void;
  insertTemplate(t: TemplateUse): Promise<boolean>;
  copyTemplate(t: TemplateUse): Promise<boolean>;
  /** Category and template fields for a logged action, from what the sidebar knows about its thread. */
  annotate(event: ObservedAction): Partial<Pick<ObservedAction, AnnotatedField>>;
  loadPlaybooks(): Promise<void>;
  loadTeamActivity(): Promise<void>;
}

type AnnotatedField = 'category' | 'suggestedCategory' | 'playbookId' | 'templateId';

export interface TemplateUse {
  ctx: ThreadContext;
  templateId: string;
  playbookId: string;
  text: string;
}

export const threadKey = (ctx: Pick<ThreadContext, 'platform' | 'targetId'>) =>
  `${ctx.platform}:${ctx.targetId}`;

/** A template is remembered for the reply it went into for this long (an ambassador edits slowly). */
const INSERT_TTL_MS = 2 * 60 * 60 * 1000;

export type AdviceSource = 'team' | 'override' | 'suggested' | 'none';

export interface Advice {
  category: CategoryId | undefined;
  source: AdviceSource;
  suggestion: Suggestion | undefined;
  playbook: Playbook | undefined;
  languages: Language[];
  language: Language | undefined;
  templates: Array<Template & FilledTemplate & { template: string }>;
}

/** How to answer a thread: a manager's category wins, then the ambassador's, then the classifier's. */
export function adviceFor(input: {
  ctx: ThreadContext;
  tracked: TrackedThread | undefined;
  override: CategoryId | undefined;
  suggestion: Suggestion | undefined;
  playbooks: ResolvedPlaybooks;
  language: Language | undefined;
}): Advice {
  const { ctx, tracked, override, suggestion } = input;
  const [category, source]: [CategoryId | undefined, AdviceSource] = tracked
    ? [tracked.category, 'team']
    : override
      ? [override, 'override']
      : suggestion
        ? [suggestion.category, 'suggested']
        : [undefined, 'none'];
  const { content } = input.playbooks;
  const playbook = category ? content.playbooks[category] : undefined;
  const languages = playbook
    ? Object.keys(playbook.templates).filter((l) => playbook.templates[l]!.length)
    : [];
  const language = pickLanguage(languages, {
    manual: input.language,
    text: ctx.text,
    fallback: content.settings.defaultLanguage,
  });
  const vars =
    category && language ? templateVars({ author: ctx.author, category }, content.settings, language) : {};
  // On a YouTube video (not a comment under it) the reply is a top-level comment: the author is the
  // channel, and the comment speaks to the viewers, not to it.
  const unaddressed =
    ctx.platform === 'youtube' && (!ctx.conversationId || ctx.conversationId === ctx.targetId);
  const templates =
    playbook && language
      ? (playbook.templates[language] ?? []).map((t) => ({
          ...t,
          template: t.text,
          ...fillTemplate(t.text, vars, { unaddressed }),
        }))
      : [];
  return { category, source, suggestion, playbook, languages, language, templates };
}

/** Slice factory; `deps` are the store's (services, classify, clock). */
export function playbookSlice(deps: {
  services: SidebarServices;
  classify: Classify | undefined;
  get: () => SidebarState;
  set: (partial: Partial<SidebarState>) => void;
  activeThreads: () => ThreadContext[];
  trackedFor: (ctx: ThreadContext) => TrackedThread | undefined;
}): PlaybookSlice {
  const { services, classify, get, set } = deps;
  const cache = new Map<string, Suggestion>();
  let cachedRules: unknown;
  let cachedGeneration = 0;
  let loadedRaw: { done: boolean; value: unknown } = { done: false, value: undefined };
  let teamSeq = 0;

  const suggest = (text: string | undefined): Suggestion | undefined => {
    if (!classify || !text?.trim()) return undefined;
    const rules = get().playbooks.content.rules;
    const generation = classify.generation?.() ?? 0;
    if (rules !== cachedRules || generation !== cachedGeneration) {
      cache.clear();
      cachedRules = rules;
      cachedGeneration = generation;
    }
    let hit = cache.get(text);
    if (!hit) {
      try {
        hit = classify(text, rules);
      } catch {
        return undefined;
      }
      // Pages are short-lived and texts small; a bound keeps a long scroll session from growing.
      if (cache.size > 200) cache.clear();
      cache.set(text, hit);
    }
    return hit;
  };

  const status = (s: TemplateStatus | undefined) => set({ templateStatus: s });

  return {
    playbooks: { content: DEFAULT_PLAYBOOKS, source: 'default' },
    overrides: {},
    language: undefined,
    inserted: {},
    templateStatus: undefined,
    team: null,
    teamLoaded: false,
    suggest,
    overrideCategory(ctx, category) {
      const overrides = { ...get().overrides };
      const suggested = suggest(ctx.text)?.category;
      // Picking the suggestion again is no override: reports should not count it as a correction.
      if (category && category !== suggested) overrides[threadKey(ctx)] = category;
      else delete overrides[threadKey(ctx)];
      set({ overrides, templateStatus: undefined });
      // The team learns from it (the background keeps managers' and leads' only).
      if (category && suggested && category !== suggested && ctx.text?.trim()) {
        void services.recordCorrection?.({
          text: ctx.text,
          category,
          suggestedCategory: suggested,
          source: 'sidebar',
        });
      }
    },
    setLanguage: (language) => set({ language, templateStatus: undefined }),
    async insertTemplate(t) {
      if (!services.insertIntoComposer) {
        status({
          templateId: t.templateId,
          state: 'error',
          message: 'Insert is not available here. Use Copy.',
        });
        return false;
      }
      status({ templateId: t.templateId, state: 'working' });
      try {
        const result = await services.insertIntoComposer(t.text);
        if (!result.ok) {
          status({ templateId: t.templateId, state: 'error', message: result.message });
          return false;
        }
        const target = result.targetId ?? t.ctx.targetId;
        set({
          inserted: {
            ...get().inserted,
            [target]: { templateId: t.templateId, playbookId: t.playbookId, at: Date.now() },
          },
        });
        status({
          templateId: t.templateId,
          state: 'inserted',
          message: `${result.next ?? 'In the reply box. Make it yours, then press Reply.'}${
            result.selected ? ` ${result.selected} is selected: type your own words over it.` : ''
          }`,
        });
        return true;
      } catch (err) {
        status({ templateId: t.templateId, state: 'error', message: describeError(err, 'insert the text') });
        return false;
      }
    },
    async copyTemplate(t) {
      try {
        if (!services.copyText) throw new Error('The clipboard is not available here.');
        await services.copyText(t.text);
        status({ templateId: t.templateId, state: 'copied', message: 'Copied.' });
        return true;
      } catch (err) {
        status({ templateId: t.templateId, state: 'error', message: describeError(err, 'copy the text') });
        return false;
      }
    },
    annotate(event) {
      const out: Partial<Pick<ObservedAction, AnnotatedField>> = {};
      const ctx = deps
        .activeThreads()
        .find(
          (c) =>
            c.platform === event.platform &&
            (c.targetId === event.targetId ||
              (!!c.conversationId &&
                (event.conversationId === c.conversationId || event.targetId === c.conversationId))),
        );
      if (ctx && !deps.trackedFor(ctx)) {
        const suggestion = suggest(ctx.text);
        const override = get().overrides[threadKey(ctx)];
        const category = override ?? suggestion?.category;
        if (category) out.category = category;
        if (override && suggestion && override !== suggestion.category) {
          out.suggestedCategory = suggestion.category;
        }
      }
      if (isReply(event.action)) {
        const used = get().inserted[event.targetId];
        if (used && Date.now() - used.at < INSERT_TTL_MS) {
          out.templateId = used.templateId;
          out.playbookId = used.playbookId;
        }
        if (used) {
          const { [event.targetId]: _, ...rest } = get().inserted;
          set({ inserted: rest });
        }
      }
      return out;
    },
    async loadPlaybooks() {
      if (!services.playbooks) return;
      try {
        const raw = await services.playbooks();
        // Every refresh asks; only a new document may replace the resolved one (and its compiled rules).
        if (loadedRaw.done && raw === loadedRaw.value) return;
        loadedRaw = { done: true, value: raw };
        set({ playbooks: resolvePlaybooks(raw) });
      } catch {
        // Offline or not connected: keep what we have (the defaults at worst).
      }
    },
    async loadTeamActivity() {
      const seq = ++teamSeq;
      const ctx = deps.activeThreads()[0];
      if (!ctx || !services.teamActivity) {
        set({ team: null, teamLoaded: true });
        return;
      }
      try {
        const team = await services.teamActivity(ctx);
        if (seq === teamSeq) set({ team, teamLoaded: true });
      } catch {
        // Offline: say nothing rather than "nobody replied", which may be wrong.
        if (seq === teamSeq) set({ team: null, teamLoaded: true });
      }
    },
  };
}
