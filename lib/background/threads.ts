import type { ReplyTrackerDB } from '../storage/db';
import { createLocalThreads, type ThreadRepository } from '../storage/threads';
import type { SyncEngine } from '../sync/engine';

export interface ThreadSourceDeps {
  db: ReplyTrackerDB;
  now?: () => Date;
  changed?: () => Promise<void> | void;
  /** The team server; without it the threads are always this machine's own. */
  sync?: Pick<SyncEngine, 'isConnected' | 'threads'>;
}

/**
 * Which threads a request works on, asked per request (the connection changes under a running worker):
 * connected, the team's (the server's, mirrored in `teamThreads`); not connected, this machine's own,
 * which come back after a disconnect. The one place the background asks "connected?" about threads.
 */
export function createThreadSource({
  db,
  now,
  changed,
  sync,
}: ThreadSourceDeps): () => Promise<ThreadRepository> {
  const local = createLocalThreads(db, { ...(now && { now }), ...(changed && { changed }) });
  return async () => (sync && (await sync.isConnected()) ? sync.threads : local);
}
