/**
 * The one call every screen makes when a person corrects the classifier (the sidebar's category
 * override, the Track form, the inbox): the background keeps it as a labelled example until the team
 * server has it (lib/sync/corrections.ts). Usable from content scripts and extension pages alike.
 * Never throws: a correction that could not be kept answers why, for the caller to show.
 */

import type { CorrectionInput, CorrectionResult } from '../schemas/classifier';
import { ask } from './client';

export async function reportCorrection(correction: CorrectionInput): Promise<CorrectionResult> {
  try {
    return await ask('record-correction', { correction });
  } catch (err) {
    return { queued: false, reason: (err as Error).message || 'the background did not answer' };
  }
}
