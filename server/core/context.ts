import type { Db } from '../db/types';
import type { AuthedMember } from './members';

/** What every route file gets from `createApp`. */
export interface Deps {
  db: Db;
  /**
   * Where long reads go (reports, the export): the same database, but on SQLite a read-only
   * connection in a worker thread, so a report over a million rows never holds up a member's sync.
   */
  reads: Db;
  clock: () => Date;
  /** Events per sheet of an .xlsx export; Excel's limit unless a test crosses a sheet boundary cheaply. */
  xlsxEventsPerSheet?: number;
}

export type AppEnv = { Variables: { member: AuthedMember } };
