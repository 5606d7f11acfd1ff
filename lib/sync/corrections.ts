/**
 * A manager's category corrections become labelled examples for the classifier (issue 13). Whatever
 * the screen (the sidebar's category override, the Track form, the inbox), a correction goes through
 * `reportCorrection` (lib/messaging/report-correction.ts) to the background, which keeps it in its outbox
 * (Dexie `corrections`) until `POST /classifier/examples` confirms it: nothing is lost offline.
 */

import {
  type ClassifierExample,
  ClassifierExampleSchema,
  type CorrectionInput,
  type CorrectionResult,
  MAX_EXAMPLES_PER_BATCH,
  type QueuedCorrection,
} from '../schemas/classifier';
import type { ReplyTrackerDB } from '../storage/db';
import type { ApiClient, ApiFailure } from './api';

/** The example to keep for a correction, or why there is none. Texts are cut at 2,000 characters. */
export function toExample(input: CorrectionInput, at: Date, id: string): ClassifierExample | string {
  if (input.suggestedCategory && input.suggestedCategory === input.category) {
    return 'the category is the one suggested: nothing to learn';
  }
  const parsed = ClassifierExampleSchema.safeParse({
    id,
    text: typeof input.text === 'string' ? input.text.trim().slice(0, 2000) : input.text,
    category: input.category,
    ...(input.polarity ? { polarity: input.polarity } : {}),
    ...(input.suggestedCategory ? { suggestedCategory: input.suggestedCategory } : {}),
    source: input.source,
    at: at.toISOString(),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a usable correction (${issue?.path.join('.') || 'input'}: ${issue?.message})`;
  }
  return parsed.data;
}

/** Keeps a correction in the outbox. */
export async function queueCorrection(
  db: ReplyTrackerDB,
  input: CorrectionInput,
  at: Date,
  id: string = crypto.randomUUID(),
): Promise<CorrectionResult> {
  const example = toExample(input, at, id);
  if (typeof example === 'string') return { queued: false, reason: example };
  await db.corrections.put({ ...example, queuedAt: at.toISOString() });
  return { queued: true, id: example.id };
}

export async function pendingCorrections(db: ReplyTrackerDB): Promise<number> {
  return db.corrections.filter((c) => !c.held).count();
}

export type PushResult = { ok: true; sent: number } | { ok: false; failure: ApiFailure; sent: number };

const wire = ({ queuedAt: _q, held: _h, ...example }: QueuedCorrection): ClassifierExample => example;

/**
 * Sends the outbox oldest first and deletes what the server confirmed (stored or already there). A
 * server without the route (older than issue 13) keeps everything queued; one the server calls invalid
 * is held with the reason, never resent nor dropped.
 */
export async function pushCorrections(db: ReplyTrackerDB, client: ApiClient): Promise<PushResult> {
  let sent = 0;
  for (let requests = 0; requests < 20; requests++) {
    const batch = await db.corrections
      .orderBy('queuedAt')
      .filter((c) => !c.held)
      .limit(MAX_EXAMPLES_PER_BATCH)
      .toArray();
    if (batch.length === 0) break;
    const res = await client.postClassifierExamples({ examples: batch.map(wire) });
    if (res.ok) {
      await db.corrections.bulkDelete(batch.map((c) => c.id));
      sent += batch.length;
      continue;
    }
    if (res.error.kind === 'not-found') return { ok: true, sent };
    if (res.error.kind !== 'bad-request') return { ok: false, failure: res.error, sent };
    // One of them is refused: send each alone, hold the ones refused, send the rest.
    for (const c of batch) {
      const one = await client.postClassifierExamples({ examples: [wire(c)] });
      if (one.ok) {
        await db.corrections.delete(c.id);
        sent++;
      } else if (one.error.kind === 'bad-request') {
        await db.corrections.update(c.id, { held: one.error.message || 'refused by the server' });
      } else {
        return { ok: false, failure: one.error, sent };
      }
    }
  }
  return { ok: true, sent };
}
