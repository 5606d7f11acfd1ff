import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp, DEV_ALLOWED_ORIGINS } from './app';
import { scheduleRetraining } from './classifier/retrain';
import { startConnectors } from './connectors/runner';
import type { Connector } from './connectors/types';
import type { TrustProxy } from './core/client-address';
import { addMember, countMembers } from './core/members';
import type { AuthFailureLimitOptions, RateLimitOptions } from './core/rate-limit';
import { scheduleRetention } from './core/retention';
import { type DatabaseTarget, openDatabase } from './db/connect';
import { postgresExportText, sqliteExportText } from './db/export-text';
import { migrateToLatest } from './db/migrate';
import { openSqliteReader } from './db/sqlite-reader';
import type { Db } from './db/types';

export interface StartOptions {
  database: DatabaseTarget;
  /** Postgres only; see `openDatabase`. */
  schema?: string;
  port: number;
  host: string;
  allowedOrigins?: readonly string[];
  rateLimit?: RateLimitOptions | false;
  authFailureLimit?: AuthFailureLimitOptions | false;
  /** Reverse proxies believed about the client's address, for the failed-sign-in limit (TRUST_PROXY). */
  trustProxy?: TrustProxy;
  log?: (line: string) => void;
  /** Retrain the classifier this often when the team labelled something new; 0 turns it off. */
  retrainEveryHours?: number;
  /** How often the mention retention runs besides on start; 6 h by default. */
  retentionEveryHours?: number;
  /** Server connectors (server/connectors/config.ts reads them from the environment). */
  connectors?: readonly Connector[];
  /** What connectors fetch with; tests point it nowhere else, it is the platform's base URL that moves. */
  fetch?: typeof fetch;
}

export interface RunningServer {
  url: string;
  db: Db;
  /** Set on the first start only: the admin token, also printed through `log`. */
  adminToken?: string;
  close(): Promise<void>;
}

/**
 * Said at every start without ALLOWED_ORIGINS: the development default lets any installed extension's
 * pages call the API from a browser (each call still needs a member's token), which a production server
 * should not allow.
 */
export function openCorsWarning(): string {
  const bar = '!'.repeat(100);
  return [
    bar,
    `!! WARNING: ALLOWED_ORIGINS is not set, so CORS accepts ANY browser extension (${DEV_ALLOWED_ORIGINS.join(', ')}).`,
    '!! Any installed extension may call this API from its pages; only the member token stands in the way.',
    '!! In production set ALLOWED_ORIGINS=chrome-extension://<your published extension id>[,moz-extension://<uuid>].',
    bar,
  ].join('\n');
}

/** Connections the reports may hold at once on Postgres, beside the main pool's ten. */
const REPORT_POOL_SIZE = 3;

/** Opens and migrates the database, creates the first lead when there is none, and listens. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  // Warnings go to stderr, where an operator's log collector looks; a given `log` gets them too.
  const warn = opts.log ?? ((line: string) => console.warn(line));
  const db = openDatabase(opts.database, { schema: opts.schema, checkpointThread: true });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) log(`Database migrated: ${applied.join(', ')}`);

  // A file-backed SQLite gets reader threads for reports; Postgres has a pool of its own for them.
  const sqlitePath =
    opts.database.kind === 'sqlite' && opts.database.path !== ':memory:'
      ? resolve(opts.database.path)
      : undefined;
  // Two threads: the dashboard asks for six reports at once, and one thread answered them in turn.
  const reads = sqlitePath ? openSqliteReader(sqlitePath, 2) : undefined;
  // On Postgres the reports get a small pool of their own: the dashboard's ~20 reads at once filled the
  // main pool, and /health, sign-ins and members' POST /events queued behind them (issue 10).
  const pgReads =
    opts.database.kind === 'postgres'
      ? openDatabase(opts.database, { schema: opts.schema, poolSize: REPORT_POOL_SIZE })
      : undefined;
  // A text export pages with rows as arrays on a connection of its own (server/db/export-text.ts).
  const exportText = sqlitePath
    ? sqliteExportText(sqlitePath)
    : opts.database.kind === 'postgres'
      ? postgresExportText(opts.database.url, opts.schema)
      : undefined;
  const connectors = opts.connectors ?? [];
  const app = createApp({
    db,
    ...(reads ? { reads } : {}),
    ...(pgReads ? { reads: pgReads } : {}),
    ...(exportText ? { exportText } : {}),
    allowedOrigins: opts.allowedOrigins,
    rateLimit: opts.rateLimit,
    connectors,
    authFailureLimit: opts.authFailureLimit,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
  });
  const server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;

  let adminToken: string | undefined;
  if ((await countMembers(db)) === 0) {
    const created = await addMember(db, { name: 'admin', role: 'lead' }, new Date());
    adminToken = created.token;
    log('Created the first member, "admin" (lead). Its access token is shown only this once:');
    log(adminToken);
    log(
      `Open the extension's options, set Server URL to ${url} and paste this token as the Access token; ` +
        'then add your team with `npm run -s members -- add --name NAME --role ambassador|manager|lead`.',
    );
  }
  log(`Reply Tracker server listening on ${url}`);
  if (!opts.allowedOrigins || opts.allowedOrigins.length === 0) warn(openCorsWarning());
  const stopRetraining = scheduleRetraining(db, opts.retrainEveryHours ?? 24, log);
  const stopRetention = scheduleRetention(db, log, opts.retentionEveryHours ?? 6);
  if (connectors.length > 0) log(`Connectors on: ${connectors.map((c) => c.id).join(', ')}`);
  const stopConnectors = startConnectors(
    { db, fetch: opts.fetch ?? fetch, now: () => new Date(), log },
    connectors,
  );

  return {
    url,
    db,
    adminToken,
    close: async () => {
      stopRetraining();
      await stopConnectors();
      await stopRetention();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await reads?.destroy();
      await pgReads?.destroy();
      await db.destroy();
    },
  };
}
