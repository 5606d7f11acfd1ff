import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import type { Role } from '../../../lib/schemas/member';
import { ReplyTrackerDB } from '../../../lib/storage/db';
import { type RunningServer, startServer } from '../../../server/server';

export interface RealTeam {
  server: RunningServer;
  /** Each member's token, by name. */
  tokens: Record<string, string>;
  /** A fresh extension database named `<prefix><uuid>`; `close` deletes it. */
  database(prefix: string): ReplyTrackerDB;
  close(): Promise<void>;
}

/** The real server over HTTP on a throwaway SQLite file, with these members added by its admin. */
export async function startRealTeam(
  tmpPrefix: string,
  members: readonly (readonly [name: string, role: Role])[],
): Promise<RealTeam> {
  const dir = mkdtempSync(join(tmpdir(), tmpPrefix));
  const dbs: ReplyTrackerDB[] = [];
  let server: RunningServer | undefined;
  const close = async () => {
    await server?.close();
    for (const db of dbs) {
      db.close();
      await Dexie.delete(db.name);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startServer({
      database: { kind: 'sqlite', path: join(dir, 'db.sqlite') },
      port: 0,
      host: '127.0.0.1',
      rateLimit: false,
      log: () => {},
    });
    const tokens: Record<string, string> = {};
    for (const [name, role] of members) {
      const res = await fetch(`${server.url}/api/v1/members`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, role }),
      });
      tokens[name] = ((await res.json()) as { token: string }).token;
    }
    return {
      server,
      tokens,
      database(prefix) {
        const db = new ReplyTrackerDB(`${prefix}${crypto.randomUUID()}`);
        dbs.push(db);
        return db;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
