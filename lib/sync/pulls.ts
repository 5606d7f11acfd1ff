import { keepPulledModel, teamModelItem } from '../classify/team-model';
import type { PlaybooksDocument } from '../schemas/api';
import { playbooksItem, threadsCursorItem } from '../settings/store';
import type { ApiClient } from './api';
import type { Step, SyncContext } from './context';
import { pullMonitoring } from './mentions';

/**
 * What the extension keeps of the team's state, brought up to date each run: the tracked threads (by
 * cursor), the published playbooks and terms and the classifier model (by ETag). Each answers whether
 * anything changed, so the coordinator tells open pages once the run went through.
 */
export function createPulls(ctx: SyncContext) {
  const { db, now } = ctx;

  async function pullThreads(client: ApiClient): Promise<Step & { changed: boolean }> {
    const current = await threadsCursorItem.get(db);
    const res = await client.threads(current?.cursor, current?.etag);
    if (!res.ok) return { ok: false, failure: res.error, changed: false };
    if ('notModified' in res) return { ok: true, changed: false };
    const { threads, cursor } = res.data;
    // A cursor that went backwards means the server's database was replaced: this is a full list.
    const full = !current || Number(cursor) < Number(current.cursor);
    await db.transaction('rw', db.teamThreads, db.kv, async () => {
      if (full) await db.teamThreads.clear();
      for (const t of threads) {
        const clash = await db.teamThreads
          .where('[platform+canonicalId]')
          .equals([t.platform, t.canonicalId])
          .first();
        if (clash && clash.id !== t.id) await db.teamThreads.delete(clash.id);
        await db.teamThreads.put({ ...t, origin: 'server' });
      }
      await threadsCursorItem.set(db, { cursor, ...(res.etag ? { etag: res.etag } : {}) });
    });
    return { ok: true, changed: threads.length > 0 || (full && current !== undefined) };
  }

  async function pullPlaybooks(client: ApiClient): Promise<Step & { changed: boolean }> {
    const cached = await playbooksItem.get(db);
    const res = await client.playbooks(cached?.etag);
    if (!res.ok) return { ok: false, failure: res.error, changed: false };
    if ('notModified' in res) return { ok: true, changed: false };
    return { ok: true, changed: await keepPlaybooks(res.data, res.etag) };
  }

  /** Caches a published document; answers whether it differs from the one cached before. */
  async function keepPlaybooks(document: PlaybooksDocument, etag: string | undefined): Promise<boolean> {
    const cached = await playbooksItem.get(db);
    const same =
      cached?.document.version === document.version && cached.document.updatedAt === document.updatedAt;
    if (!same) await playbooksItem.set(db, { document, ...(etag ? { etag } : {}) });
    return !same;
  }

  /**
   * The team's published classifier model, revalidated by ETag like the playbooks. A server without the
   * route (older than issue 13) means no team model; one that does not load is noted, never used.
   */
  async function pullModel(client: ApiClient): Promise<Step & { changed: boolean }> {
    const stored = await teamModelItem.getValue();
    const res = await client.classifierModel(stored?.etag);
    if (!res.ok) {
      if (res.error.kind === 'not-found') return { ok: true, changed: false };
      return { ok: false, failure: res.error, changed: false };
    }
    if ('notModified' in res) return { ok: true, changed: false };
    if (res.data === null && stored === null) return { ok: true, changed: false };
    await teamModelItem.setValue(keepPulledModel(stored, res.data, res.etag, now()));
    return { ok: true, changed: true };
  }

  return {
    threads: pullThreads,
    playbooks: pullPlaybooks,
    keepPlaybooks,
    monitoring: (client: ApiClient) => pullMonitoring(db, client),
    model: pullModel,
  };
}
export type Pulls = ReturnType<typeof createPulls>;
