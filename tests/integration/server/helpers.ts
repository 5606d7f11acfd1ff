import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { MAX_BACKDATE_MS } from '../../../lib/reports/clock';
import type { ActivityEvent } from '../../../lib/schemas/event';
import type { NewTrackedThread } from '../../../lib/schemas/thread';
import { createApp } from '../../../server/app';
import type { Connector } from '../../../server/connectors/types';
import type { TrustProxy } from '../../../server/core/client-address';
import { addMember, revokeMember } from '../../../server/core/members';
import type { AuthFailureLimitOptions, RateLimitOptions } from '../../../server/core/rate-limit';
import { type DatabaseTarget, openDatabase } from '../../../server/db/connect';
import { migrateToLatest } from '../../../server/db/migrate';
import type { Db } from '../../../server/db/types';
import { type RunningServer, startServer } from '../../../server/server';

/** Postgres runs too when a URL is given; `.ci/run` sets it so CI always covers both dialects. */
export const PG_URL =
  process.env.TEST_DATABASE_URL ??
  (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);

export interface TestDatabase {
  db: Db;
  target: DatabaseTarget;
  /** Postgres: the throwaway schema this run lives in. */
  schema?: string;
  cleanup(): Promise<void>;
}

/** The real server, listening on a free local port over a test database, without rate limits or logs. */
export function listenOn(database: Pick<TestDatabase, 'target' | 'schema'>): Promise<RunningServer> {
  return startServer({
    database: database.target,
    schema: database.schema,
    port: 0,
    host: '127.0.0.1',
    rateLimit: false,
    log: () => {},
  });
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database; `migrate: false` leaves it without tables. */
  open(opts?: { migrate?: boolean }): Promise<TestDatabase>;
}

const sqliteBackend: Backend = {
  name: 'sqlite',
  async open({ migrate = true } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'rt-server-'));
    const target: DatabaseTarget = { kind: 'sqlite', path: join(dir, 'test.sqlite') };
    const db = openDatabase(target);
    if (migrate) await migrateToLatest(db);
    return {
      db,
      target,
      cleanup: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgresBackend(url: string): Backend {
  return {
    name: 'postgres',
    async open({ migrate = true } = {}) {
      const schema = `rt_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Pool({ connectionString: url, max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      const target: DatabaseTarget = { kind: 'postgres', url };
      const db = openDatabase(target, { schema });
      if (migrate) await migrateToLatest(db);
      return {
        db,
        target,
        schema,
        cleanup: async () => {
          await db.destroy();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

export const backends: Backend[] = [sqliteBackend, ...(PG_URL ? [postgresBackend(PG_URL)] : [])];

export class FakeClock {
  constructor(public now = new Date('2026-11-20T12:00:00.000Z')) {}
  read = () => new Date(this.now);
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export type Who = 'none' | 'bad' | 'revoked' | 'ambassador' | 'manager' | 'lead';

export interface RequestOptions {
  as?: Who | string;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  /** The client's address as the server sees it (the socket's peer); 127.0.0.1 unless given. */
  address?: string;
}

export interface TestApi {
  db: Db;
  /** The app itself, for tests that speak raw requests or read its routes. */
  app: ReturnType<typeof createApp>;
  clock: FakeClock;
  tokens: Record<'ambassador' | 'manager' | 'lead' | 'revoked', string>;
  /** Member names by role, as the server knows them. */
  names: Record<'ambassador' | 'manager' | 'lead', string>;
  req(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  json<T = unknown>(
    method: string,
    path: string,
    opts?: RequestOptions,
  ): Promise<{ status: number; body: T }>;
  cleanup(): Promise<void>;
}

const BAD_TOKEN = `rt_${'A'.repeat(43)}`;

export async function setupApi(
  backend: Backend,
  opts: {
    rateLimit?: RateLimitOptions | false;
    authFailureLimit?: AuthFailureLimitOptions | false;
    clock?: FakeClock;
    connectors?: readonly Connector[];
    trustProxy?: TrustProxy;
  } = {},
): Promise<TestApi> {
  const database = await backend.open();
  const clock = opts.clock ?? new FakeClock();
  const { db } = database;
  const now = clock.read();
  const names = { ambassador: 'amber', manager: 'mona', lead: 'leo' } as const;
  const tokens = {
    ambassador: (await addMember(db, { name: names.ambassador, role: 'ambassador' }, now)).token,
    manager: (await addMember(db, { name: names.manager, role: 'manager' }, now)).token,
    lead: (await addMember(db, { name: names.lead, role: 'lead' }, now)).token,
    revoked: (await addMember(db, { name: 'gone', role: 'lead' }, now)).token,
  };
  await revokeMember(db, 'gone', now);
  const app = createApp({
    db,
    clock: clock.read,
    rateLimit: opts.rateLimit ?? false,
    connectors: opts.connectors,
    authFailureLimit: opts.authFailureLimit ?? false,
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
  });

  const tokenFor = (as: string): string | undefined => {
    if (as === 'none') return undefined;
    if (as === 'bad') return BAD_TOKEN;
    return (tokens as Record<string, string>)[as] ?? as;
  };
  const req = async (method: string, path: string, o: RequestOptions = {}) => {
    const token = tokenFor(o.as ?? 'ambassador');
    const headers: Record<string, string> = { ...o.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined = o.rawBody;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    // What @hono/node-server passes as the env: the socket the request came in on.
    const env = { incoming: { socket: { remoteAddress: o.address ?? '127.0.0.1' } } };
    return app.request(`/api/v1${path}`, { method, headers, body }, env);
  };
  return {
    db,
    app,
    clock,
    tokens,
    names,
    req,
    async json<T>(method: string, path: string, o?: RequestOptions) {
      const res = await req(method, path, o);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    cleanup: database.cleanup,
  };
}

let counter = 0;
/** Distinct X-style status ids, so tests never collide on a thread. */
export function statusId(): string {
  counter += 1;
  return `17${Date.now()}${String(counter).padStart(5, '0')}`;
}

export function makeEvent(overrides: Partial<ActivityEvent> = {}): ActivityEvent {
  const target = overrides.targetId ?? statusId();
  return {
    id: randomUUID(),
    platform: 'x',
    action: 'like',
    targetId: target,
    pageUrl: `https://x.com/someone/status/${target}`,
    occurredAt: '2026-11-20T11:00:00.000Z',
    source: 'network',
    ...overrides,
  };
}

export function makeThread(overrides: Partial<NewTrackedThread> = {}): NewTrackedThread {
  const id = overrides.canonicalId ?? statusId();
  return {
    platform: 'x',
    url: `https://x.com/upset_user/status/${id}`,
    canonicalId: id,
    category: 'support_needed',
    ...overrides,
  };
}

/**
 * Delivers events when they happened, as an online extension does: the server counts an event at most
 * an hour before it received it (lib/reports/clock.ts), so a fixture dated in the past must arrive then.
 * Events within that hour of each other share a request; the clock is put back afterwards.
 */
export async function sendAsItHappened(api: TestApi, events: readonly ActivityEvent[], as = 'ambassador') {
  const saved = api.clock.now;
  const sorted = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (let i = 0; i < sorted.length; ) {
    const first = Date.parse(sorted[i]!.occurredAt);
    let j = i;
    while (j < sorted.length && j - i < 500 && Date.parse(sorted[j]!.occurredAt) - first <= MAX_BACKDATE_MS)
      j++;
    const batch = sorted.slice(i, j);
    api.clock.now = new Date(Date.parse(batch.at(-1)!.occurredAt));
    const res = await api.req('POST', '/events', { as, body: { events: batch } });
    if (res.status !== 200) throw new Error(`sendAsItHappened: ${res.status} ${await res.text()}`);
    i = j;
  }
  api.clock.now = saved;
}

export async function countEvents(db: Db): Promise<number> {
  const r = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** RFC 4180 reader for checking the export: quoted fields, doubled quotes, CRLF or LF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // handled by the \n on the next step
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const tablesOf = new WeakMap<Db, Promise<string[]>>();

/** Every table the migrations made (new ones included without anyone listing them), not Kysely's own. */
export function appTables(db: Db): Promise<string[]> {
  let tables = tablesOf.get(db);
  if (!tables) {
    tables = db.introspection.getTables().then((ts) =>
      ts
        .map((t) => t.name)
        .filter((n) => !n.startsWith('kysely_'))
        .sort(),
    );
    tablesOf.set(db, tables);
  }
  return tables;
}

/**
 * Every row of every table, as one comparable text: equal before and after a refused request means the
 * request wrote nothing (no partial write). Rows are sorted, so the database's row order does not matter.
 */
export async function snapshotDatabase(db: Db): Promise<Record<string, string[]>> {
  const tables = await appTables(db);
  // biome-ignore lint/suspicious/noExplicitAny: table names come from the database itself
  const any = db as Kysely<any>;
  const read = (table: string) =>
    table === 'classifier_models'
      ? // A model is megabytes of weights: its version, bookkeeping and size stand for it.
        db
          .selectFrom('classifier_models')
          .select(['version', 'created_at', 'created_by', 'published', 'reason', 'examples', 'team_examples'])
          .select(sql<number>`length(model)`.as('model_length'))
          .execute()
      : any.selectFrom(table).selectAll().execute();
  // In parallel: on Postgres each table is its own round trip.
  const all = await Promise.all(tables.map(read));
  const out: Record<string, string[]> = {};
  tables.forEach((table, i) => {
    out[table] = all[i]!.map((r) => JSON.stringify(r)).sort();
  });
  return out;
}
