import { z } from 'zod';
import { TextSchema } from './common';

/** Stable category ids, used in events, threads, reports and the API. */
export const CATEGORY_IDS = [
  'technical_question',
  'support_needed',
  'trust_doubt',
  'rumor_narrative',
  'incident_complaint',
  'trolling',
  'legal_security_risk',
  'positive_neutral',
] as const;

export const CategoryIdSchema = z.enum(CATEGORY_IDS);
export type CategoryId = z.infer<typeof CategoryIdSchema>;

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const CategoryConfigSchema = z.object({
  id: CategoryIdSchema,
  label: TextSchema.min(1).max(60),
  description: TextSchema.max(400),
  priority: PrioritySchema,
  /** Hours from the mention until the first reaction is due. */
  slaHours: z
    .number()
    .positive()
    .max(24 * 14),
});
export type CategoryConfig = z.infer<typeof CategoryConfigSchema>;

/**
 * Defaults from the team's practice (../shared/domain.md): minutes-to-hours for security and outages,
 * a day for most negative mentions, two days for positive or neutral ones.
 */
export const DEFAULT_CATEGORIES: readonly CategoryConfig[] = [
  {
    id: 'technical_question',
    label: 'Technical question',
    description: '"How do I…", "where is…"',
    priority: 'normal',
    slaHours: 24,
  },
  {
    id: 'support_needed',
    label: 'Needs support',
    description: 'Withdrawals, account restrictions or verification, wrong payment details',
    priority: 'high',
    slaHours: 24,
  },
  {
    id: 'trust_doubt',
    label: 'Doubt in reliability',
    description: 'Reliability and transparency doubts, "this is a scam"',
    priority: 'high',
    slaHours: 24,
  },
  {
    id: 'rumor_narrative',
    label: 'Rumour / narrative',
    description: 'Rumours, recurring negative narratives, disinformation',
    priority: 'normal',
    slaHours: 24,
  },
  {
    id: 'incident_complaint',
    label: 'Incident complaint',
    description: 'An outage, a bug or a delay that really happened',
    priority: 'urgent',
    slaHours: 4,
  },
  {
    id: 'trolling',
    label: 'Trolling',
    description: 'Rage-bait, harassment: do not duel',
    priority: 'low',
    slaHours: 24,
  },
  {
    id: 'legal_security_risk',
    label: 'Legal / security risk',
    description: 'Legal or regulatory threats, security incidents, impersonation, phishing: escalate',
    priority: 'urgent',
    slaHours: 1,
  },
  {
    id: 'positive_neutral',
    label: 'Positive / neutral',
    description: 'Thank, like',
    priority: 'low',
    slaHours: 48,
  },
];

export function categoryConfig(id: CategoryId, list: readonly CategoryConfig[] = DEFAULT_CATEGORIES) {
  return list.find((c) => c.id === id) ?? DEFAULT_CATEGORIES.find((c) => c.id === id)!;
}
