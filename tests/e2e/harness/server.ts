import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../lib/schemas/member';
import { type RunningServer, startServer } from '../../../server/server';

export interface TeamServer {
  readonly url: string;
  readonly adminToken: string;
  /** Stops listening; the SQLite file stays, as after a crash or a deploy. */
  stop(): Promise<void>;
  /** Starts again on the same port over the same file. */
  restart(): Promise<void>;
  /** Calls the API as a member; answers the status and the body text. */
  api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }>;
  addMember(name: string, role: Role): Promise<string>;
  /**
   * Seeded history counts when it happened, as if every event had reached the server at once: the
   * clock policy otherwise counts an event claimed more than an hour before its receipt at receipt
   * minus an hour.
   */
  countAsHappened(): Promise<void>;
  /** The lead's JSON Lines export, parsed. */
  exported(): Promise<Array<{ id: string; member: string; action: string; targetId: string }>>;
  dispose(): Promise<void>;
}

/** The real team server on a free port over a temporary SQLite file, for end-to-end tests. */
export async function startTeamServer(): Promise<TeamServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-e2e-server-'));
  const database = { kind: 'sqlite' as const, path: join(dir, 'reply-tracker.sqlite') };
  const options = { database, host: '127.0.0.1', rateLimit: false as const, log: () => {} };
  let running: RunningServer | undefined = await startServer({ ...options, port: 0 });
  const url = running.url;
  const adminToken = running.adminToken!;

  const api: TeamServer['api'] = async (token, method, path, body) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  };

  return {
    url,
    adminToken,
    async stop() {
      await running?.close();
      running = undefined;
    },
    async restart() {
      running ??= await startServer({ ...options, port: Number(new URL(url).port) });
    },
    api,
    async countAsHappened() {
      if (!running) throw new Error('the team server is stopped');
      await running.db
        .updateTable('events')
        .set((eb) => ({ received_at: eb.ref('occurred_at'), counted_at: eb.ref('occurred_at') }))
        .execute();
    },
    async addMember(name, role) {
      const res = await api(adminToken, 'POST', '/members', { name, role });
      if (res.status !== 201) throw new Error(`Could not add ${name}: ${res.status} ${res.text}`);
      return (JSON.parse(res.text) as { token: string }).token;
    },
    async exported() {
      const res = await api(adminToken, 'GET', '/export?format=json');
      if (res.status !== 200) throw new Error(`Export failed: ${res.status} ${res.text}`);
      return res.text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l));
    },
    async dispose() {
      await running?.close();
      running = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
