/**
 * The team's published model in the extension: the background's sync pulls it with the playbooks
 * (GET /classifier/model, ETag) and keeps it in storage.local, where every content script reads it
 * without asking the background. A model that does not load (damaged, or trained for other categories)
 * is never used: the shipped seed model answers and the suggestion says why.
 */
import { storage } from 'wxt/utils/storage';
import { loadModel } from './model';
import { type ModelSource, seedModel } from './seed-model';

export interface StoredTeamModel {
  /** The last team model that loaded; absent while the seed model is in use. */
  file?: unknown;
  version?: string;
  /** The server's ETag of the last answer, good or not, so an unchanged model is not fetched again. */
  etag?: string;
  pulledAt: string;
  /** The last pulled model that could not be used, and why. */
  rejected?: { version?: string; reason: string; at: string };
}

export const teamModelItem = storage.defineItem<StoredTeamModel | null>('local:classifierModel', {
  fallback: null,
});

export interface ActiveModel {
  model: ModelSource;
  /** "team" when the team's published model answers, "seed" for the one shipped with the extension. */
  source: 'team' | 'seed';
  version: string;
  /** Why the team's model is not the one answering, in words for the sidebar. */
  note?: string;
}

const seedVersion = () => {
  const s = seedModel();
  return s.ok ? s.model.file.version : 'seed';
};

/** The model to classify with, given what storage holds. Never throws. */
export function chooseModel(stored: StoredTeamModel | null | undefined): ActiveModel {
  const rejected = stored?.rejected
    ? `The team's model ${stored.rejected.version ?? ''} could not be used (${stored.rejected.reason})`.replace(
        '  ',
        ' ',
      )
    : undefined;
  if (stored?.file !== undefined) {
    const loaded = loadModel(stored.file);
    if (loaded.ok) {
      return {
        model: loaded.model,
        source: 'team',
        version: loaded.model.file.version,
        ...(rejected ? { note: `${rejected}; the previous team model answered.` } : {}),
      };
    }
    return {
      model: undefined,
      source: 'seed',
      version: seedVersion(),
      note: `The team's model could not be used (${loaded.reason}); the shipped model answered.`,
    };
  }
  return {
    model: undefined,
    source: 'seed',
    version: seedVersion(),
    ...(rejected ? { note: `${rejected}; the shipped model answered.` } : {}),
  };
}

/**
 * What to store after the server answered with a model (`data`): the model when it loads, else the
 * previous one kept and the refusal noted. Answers the new value and whether it changed anything.
 */
export function keepPulledModel(
  stored: StoredTeamModel | null,
  data: unknown,
  etag: string | undefined,
  at: Date,
): StoredTeamModel {
  const pulledAt = at.toISOString();
  if (data === null) return { pulledAt, ...(etag ? { etag } : {}) }; // no team model (any more)
  const loaded = loadModel(data);
  if (loaded.ok) {
    return { file: data, version: loaded.model.file.version, pulledAt, ...(etag ? { etag } : {}) };
  }
  const version =
    typeof data === 'object' && data && typeof (data as { version?: unknown }).version === 'string'
      ? (data as { version: string }).version.slice(0, 80)
      : undefined;
  return {
    ...(stored?.file !== undefined ? { file: stored.file, version: stored.version } : {}),
    pulledAt,
    ...(etag ? { etag } : {}),
    rejected: { ...(version ? { version } : {}), reason: loaded.reason, at: pulledAt },
  };
}
