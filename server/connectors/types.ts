import type { ConnectorId } from '../../lib/schemas/mention';
import type { Db } from '../db/types';

/** What a connector run needs from outside; tests pass a fake clock and a fetch to a local stand-in. */
export interface ConnectorDeps {
  db: Db;
  fetch: typeof fetch;
  now: () => Date;
  log: (line: string) => void;
}

/** The connector's own bookkeeping, stored as JSON in `connectors.cursor`. */
export type Cursor = object;

/** What one run did: pages read, mentions stored, and the quota it leaves. */
export interface RunOutcome {
  cursor: Cursor;
  pages: number;
  stored: number;
  quotaLeft?: number;
  quotaResetAt?: string;
  /** Run again no sooner than this (X's rate-limit window, YouTube's day), even after a success. */
  notBefore?: string;
}

/**
 * A failure the dashboard can show as is: `message` is plain words for a manager, `retryAt` the
 * earliest moment worth trying again when the platform said so (a rate-limit reset, the quota's day).
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly kind: 'rate_limited' | 'quota' | 'auth' | 'bad_answer' | 'unreachable' | 'server',
    readonly opts: { retryAt?: string; quotaLeft?: number; quotaResetAt?: string; cursor?: Cursor } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface Connector {
  id: ConnectorId;
  intervalSeconds: number;
  /**
   * One run from the stored cursor. It saves the cursor itself after every page it stored (through
   * `save`), so a crash or a bad page later in the run never loses what was already done.
   */
  run(
    deps: ConnectorDeps,
    state: { cursor: Cursor; quotaLeft?: number; quotaResetAt?: string },
    save: (cursor: Cursor, stored: number) => Promise<void>,
  ): Promise<RunOutcome>;
}
