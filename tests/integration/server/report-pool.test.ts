// @vitest-environment node
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningServer, startServer } from '../../../server/server';
import { backends, makeEvent, PG_URL, type TestDatabase } from './helpers';

/**
 * A dashboard that is slow for whatever reason (here the events table is locked, so every report read
 * waits) must not stop members' syncs: the reports hold connections of their own, and /health and
 * POST /events still get one from the main pool.
 */
// Postgres only (the SQLite reports read in worker threads of their own; see report-speed.test.ts).
describe.each(backends.filter((b) => b.name === 'postgres'))(
  'reports on $name beside members syncing',
  (postgres) => {
    let database: TestDatabase | undefined;
    let server: RunningServer | undefined;
    let locker: pg.Client | undefined;
    afterEach(async () => {
      await locker?.end();
      await server?.close();
      await database?.cleanup();
    });

    it('answers /health and a member’s POST /events while a dozen report requests wait on their reads', async () => {
      database = await postgres.open({ migrate: false });
      server = await startServer({
        database: database.target,
        schema: database.schema,
        port: 0,
        host: '127.0.0.1',
        rateLimit: false,
        log: () => {},
      });
      const lead = { authorization: `Bearer ${server.adminToken}` };
      const member = await fetch(`${server.url}/api/v1/members`, {
        method: 'POST',
        headers: { ...lead, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'amber', role: 'ambassador' }),
      }).then((r) => r.json() as Promise<{ token: string }>);

      // One report first, as an opened dashboard would have: the server's connections are then open.
      expect(
        (await fetch(`${server.url}/api/v1/reports/summary?month=2026-11`, { headers: lead })).status,
      ).toBe(200);
      locker = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${database.schema}` });
      await locker.connect();
      await locker.query('begin');
      await locker.query('lock table events in access exclusive mode');
      // More report reads than the server's main pool has connections.
      const reports = Array.from({ length: 12 }, () =>
        fetch(`${server!.url}/api/v1/reports/summary?month=2026-11`, { headers: lead }),
      );
      // Wait until report reads are queued on the lock, holding their connections.
      await vi.waitFor(
        async () => {
          const { rows } = await locker!.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(3);
        },
        { timeout: 15_000, interval: 20 },
      );

      const health = await fetch(`${server.url}/api/v1/health`);
      expect(await health.json()).toEqual({ ok: true, db: 'ok' });
      // The member's sync is stored once the lock goes; the server took it and is waiting on the table.
      const sync = fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [makeEvent()] }),
      });

      await locker.query('commit');
      expect((await sync).status).toBe(200);
      for (const r of await Promise.all(reports)) expect(r.status).toBe(200);
    }, 20_000);
  },
);
