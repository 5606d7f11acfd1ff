import type { Db } from '../db/types';
import type { AuthedMember } from './members';

/** What every route file gets from `createApp`. */
export interface Deps {
  db: Db;
  clock: () => Date;
}

export type AppEnv = { Variables: { member: AuthedMember } };
