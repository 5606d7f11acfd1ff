import type { Db } from '../db/types';
import type { TextExportSpec } from '../reports/export-query';
import type { AuthedMember } from './members';

/** What every route file gets from `createApp`. */
export interface Deps {
  db: Db;
  /**
   * Where long reads go (reports, the export): the same database, but on SQLite a read-only
   * connection in a worker thread, so a report over a million rows never holds up a member's sync.
   */
  reads: Db;
  /**
   * A text export's pages as bytes, read as arrays on a connection of its own (server/db/export-text.ts);
   * absent, the route reads pages of objects through `db` (an in-memory database, tests).
   */
  exportText?: (spec: TextExportSpec) => AsyncGenerator<Uint8Array>;
  clock: () => Date;
  /** Events per sheet of an .xlsx export; Excel's limit unless a test crosses a sheet boundary cheaply. */
  xlsxEventsPerSheet?: number;
}

export type AppEnv = { Variables: { member: AuthedMember } };
