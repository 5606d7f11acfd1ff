import { z } from 'zod';
import type { MonitoringLatest, MonitoringPublishResult, PublishResult } from '../messaging/protocol';
import type { PlaybooksDocument, TeamActivityItem, TeamStatusResponse } from '../schemas/api';
import type { Platform } from '../schemas/common';
import type { TeamHealthResponse } from '../schemas/health';
import { roleAtLeast } from '../schemas/member';
import type { MentionAlertsResponse, QueueResponse } from '../schemas/mention';
import type { MonitoringSettings } from '../schemas/monitoring';
import type { PlaybookContent } from '../schemas/playbook';
import type { NewSuggestion, Suggestion } from '../schemas/suggestion';
import type { NewTrackedThread, ThreadPatch, TrackedThread } from '../schemas/thread';
import { monitoringItem, playbooksItem } from '../settings/store';
import type { ThreadRepository } from '../storage/threads';
import type { ConnectionService } from './connection';
import type { SyncContext } from './context';
import { describeFailure, PlainError } from './errors';
import type { Pulls } from './pulls';

/**
 * What a member asks of the team server live, outside the sync run: a manager tracking threads and
 * publishing playbooks and terms, the sidebar's team activity, the team view, alerts, the queue and
 * suggestions. Each refuses in plain words when the connection or the role does not allow it.
 */

/** What the server's 409 on `PUT /playbooks` says about the version that got there first. */
const PlaybooksConflictSchema = z.object({
  currentVersion: z.number().int().nonnegative(),
  updatedBy: z.string().optional(),
  updatedAt: z.string().optional(),
});

/**
 * A versioned publish (playbooks, monitoring terms) refused because someone published over the
 * version the edit started from: who, which version, and that nothing was saved.
 */
function publishConflict(details: unknown, baseVersion: number, what: string) {
  const parsed = PlaybooksConflictSchema.safeParse(details);
  const current = parsed.success ? parsed.data : undefined;
  const version = current?.currentVersion ?? baseVersion + 1;
  const who = current?.updatedBy ? ` (${current.updatedBy})` : '';
  return {
    status: 'conflict' as const,
    currentVersion: version,
    ...(current?.updatedBy ? { updatedBy: current.updatedBy } : {}),
    ...(current?.updatedAt ? { updatedAt: current.updatedAt } : {}),
    message: `Someone else${who} published version ${version}${what} while you were editing version ${baseVersion}. Nothing was saved.`,
  };
}

/** A teammate's reply shows up in the sidebar within this long without hammering the server. */
const TEAM_ACTIVITY_TTL_MS = 30_000;

export function createTeamServices(ctx: SyncContext, connection: ConnectionService, pulls: Pulls) {
  const { db, now } = ctx;
  const { managerConnection, orThrow, changeRefused } = connection;
  const activityCache = new Map<string, { at: number; events: TeamActivityItem[] }>();

  async function saveTeamThread(t: TrackedThread): Promise<TrackedThread> {
    const thread: TrackedThread = { ...t, origin: 'server' };
    await db.transaction('rw', db.teamThreads, async () => {
      const clash = await db.teamThreads
        .where('[platform+canonicalId]')
        .equals([t.platform, t.canonicalId])
        .first();
      if (clash && clash.id !== t.id) await db.teamThreads.delete(clash.id);
      await db.teamThreads.put(thread);
    });
    await ctx.changed('threads');
    return thread;
  }

  /**
   * The team's threads, as the background serves them while connected: listed from the last pull (also
   * offline), changed on the server by a manager (ambassadors hear in plain words that they may not).
   */
  const threads: ThreadRepository = {
    /** The team's open threads from the last pull (also offline). */
    async list(platform?: Platform): Promise<TrackedThread[]> {
      const all = await db.teamThreads.toArray();
      return all.filter((t) => t.status !== 'closed' && (!platform || t.platform === platform));
    },
    async track(input: NewTrackedThread): Promise<TrackedThread> {
      const conn = await managerConnection();
      const client = ctx.api(conn);
      const res = await client.createThread(input);
      if (!res.ok && res.error.kind === 'conflict') {
        // Someone on the team tracks it already: show theirs, reopened if it had been closed.
        await pulls.threads(client);
        const existing = await db.teamThreads
          .where('[platform+canonicalId]')
          .equals([input.platform, input.canonicalId])
          .first();
        if (existing?.status === 'closed') {
          return saveTeamThread(orThrow(conn, await client.patchThread(existing.id, { status: 'open' })));
        }
        if (existing) return existing;
      }
      return saveTeamThread(orThrow(conn, res));
    },
    async update(id: string, patch: ThreadPatch): Promise<TrackedThread> {
      const conn = await managerConnection();
      return saveTeamThread(orThrow(conn, await ctx.api(conn).patchThread(id, patch)));
    },
    /** The server never forgets a thread; untracking closes it, which takes it off everyone's list. */
    async untrack(id: string): Promise<void> {
      const conn = await managerConnection();
      await saveTeamThread(orThrow(conn, await ctx.api(conn).patchThread(id, { status: 'closed' })));
    },
  };

  return {
    threads,
    trackedThreads: threads.list,
    track: threads.track,
    update: threads.update,
    untrack: threads.untrack,
    /**
     * What the team did in a thread, for the sidebar; null when not connected. Asked live (it is not
     * synced), with a short cache so scrolling back and forth does not ask again, and the last answer
     * kept for when the server cannot be reached.
     */
    async teamActivity(platform: Platform, ids: readonly string[]): Promise<TeamActivityItem[] | null> {
      const conn = await connection.current();
      if (!conn || conn.rejectedAt || ids.length === 0) return null;
      const key = `${conn.serverUrl}|${platform}|${ids.join(',')}`;
      const hit = activityCache.get(key);
      if (hit && now().getTime() - hit.at < TEAM_ACTIVITY_TTL_MS) return hit.events;
      const res = await ctx.api(conn).teamActivity(platform, ids);
      if (!res.ok) {
        if (hit) return hit.events;
        throw new PlainError(describeFailure(res.error, conn.serverUrl));
      }
      if (activityCache.size > 50) activityCache.clear();
      activityCache.set(key, { at: now().getTime(), events: res.data.events });
      return res.data.events;
    },
    /** The last published playbooks this extension saw; kept offline, forgotten on disconnect. */
    async cachedPlaybooks(): Promise<PlaybooksDocument | null> {
      if (!(await connection.current())) return null;
      return (await playbooksItem.get(db))?.document ?? null;
    },
    /** For the editor: asks the server for the newest version, else answers the cached one and why. */
    async latestPlaybooks(): Promise<{ document: PlaybooksDocument | null; warning?: string }> {
      const conn = await connection.current();
      if (!conn) return { document: null };
      let warning: string | undefined;
      if (conn.rejectedAt) warning = conn.rejectedReason ?? 'Reconnect to the team server to see the latest.';
      else {
        const pulled = await pulls.playbooks(ctx.api(conn));
        if (!pulled.ok) warning = describeFailure(pulled.failure, conn.serverUrl);
        else if (pulled.changed) await ctx.changed('playbooks');
      }
      const document = (await playbooksItem.get(db))?.document ?? null;
      return { document, ...(warning ? { warning } : {}) };
    },
    /**
     * Publishes a manager's edit. Only over the version it started from: if someone published in
     * between, the manager hears who and reloads rather than silently overwriting their work.
     */
    async publishPlaybooks(content: PlaybookContent, baseVersion: number): Promise<PublishResult> {
      const conn = await managerConnection('Only a manager or a team lead can publish playbooks.');
      const res = await ctx.api(conn).putPlaybooks(content, baseVersion);
      if (res.ok) {
        if (await pulls.keepPlaybooks(res.data, res.etag)) await ctx.changed('playbooks');
        return { status: 'published', document: res.data };
      }
      const f = res.error;
      if (f.kind === 'conflict') return publishConflict(f.details, baseVersion, '');
      if (f.kind === 'bad-request' && f.issues.length > 0) {
        return {
          status: 'invalid',
          // The server validates the request body `{content}`; the editor's paths start inside it.
          issues: f.issues.map((i) => ({
            path: i.path[0] === 'content' ? i.path.slice(1) : i.path,
            message: i.message,
          })),
          message: `The team server refused the playbooks: ${f.message}`,
        };
      }
      throw changeRefused(conn, f);
    },
    /** The options page's terms editor: the latest published terms, falling back to the cached ones. */
    async latestMonitoring(): Promise<MonitoringLatest> {
      const conn = await connection.current();
      if (!conn) return { document: null };
      let warning: string | undefined;
      if (conn.rejectedAt) warning = conn.rejectedReason ?? 'Reconnect to the team server to see the latest.';
      else {
        const pulled = await pulls.monitoring(ctx.api(conn));
        if (!pulled.ok) warning = describeFailure(pulled.failure, conn.serverUrl);
        else if (pulled.changed) await ctx.changed('monitoring');
      }
      const document = (await monitoringItem.get(db))?.document ?? null;
      return { document, ...(warning ? { warning } : {}) };
    },
    /** Publishes the team's terms over the version the edit started from, as playbooks are. */
    async publishMonitoring(
      settings: MonitoringSettings,
      baseVersion: number,
    ): Promise<MonitoringPublishResult> {
      const conn = await managerConnection(
        'Only a manager or a team lead can publish what the team monitors.',
      );
      const res = await ctx.api(conn).putMonitoring(settings, baseVersion);
      if (res.ok) {
        await monitoringItem.set(db, { document: res.data, ...(res.etag ? { etag: res.etag } : {}) });
        await ctx.changed('monitoring');
        return { status: 'published', document: res.data };
      }
      const f = res.error;
      if (f.kind === 'conflict') return publishConflict(f.details, baseVersion, ' of the terms');
      if (f.kind === 'bad-request' && f.issues.length > 0) {
        return {
          status: 'invalid',
          issues: f.issues.map((i) => ({ path: i.path, message: i.message })),
          message: `The team server refused the terms: ${f.message}`,
        };
      }
      throw changeRefused(conn, f);
    },
    /** Managers and leads: spikes and high-reach negative mentions; null for anyone else or offline. */
    async mentionAlerts(): Promise<MentionAlertsResponse | null> {
      const conn = await connection.current();
      if (!conn || conn.rejectedAt || !roleAtLeast(conn.role, 'manager')) return null;
      return orThrow(conn, await ctx.api(conn).mentionAlerts());
    },
    /** Any connected member: what is assigned to me and the team's overdue threads. */
    async queue(): Promise<QueueResponse | null> {
      const conn = await connection.current();
      if (!conn || conn.rejectedAt) return null;
      return orThrow(conn, await ctx.api(conn).queue());
    },
    async teamStatus(): Promise<TeamStatusResponse> {
      const conn = await connection.current();
      if (!conn) throw new PlainError('Not connected to a team server.');
      if (!roleAtLeast(conn.role, 'manager'))
        throw new PlainError('Only managers and leads see the team view.');
      return orThrow(conn, await ctx.api(conn).teamStatus());
    },
    /** Managers and leads: which members may be missing which counts since when (issue 14). */
    async teamHealth(): Promise<TeamHealthResponse> {
      const conn = await managerConnection('Only managers and leads see the team view.');
      return orThrow(conn, await ctx.api(conn).teamHealth());
    },
    /** An ambassador's "the team should track this", sent at once (the manager needs it now, not later). */
    async suggest(input: NewSuggestion): Promise<Suggestion> {
      const conn = await connection.current();
      if (!conn) throw new PlainError('Connect to your team server to suggest threads to your manager.');
      if (conn.rejectedAt)
        throw new PlainError(conn.rejectedReason ?? 'Reconnect to the team server in Options.');
      return orThrow(conn, await ctx.api(conn).suggest(input));
    },
    async suggestions(): Promise<Suggestion[]> {
      const conn = await managerConnection('Only managers and leads see suggested threads.');
      return orThrow(conn, await ctx.api(conn).suggestions()).suggestions;
    },
    async dismissSuggestion(id: string): Promise<void> {
      const conn = await managerConnection('Only managers and leads can dismiss a suggestion.');
      orThrow(conn, await ctx.api(conn).dismissSuggestion(id));
    },
  };
}
export type TeamServices = ReturnType<typeof createTeamServices>;
