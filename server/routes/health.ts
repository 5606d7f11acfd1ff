import { Hono } from 'hono';
import { sql } from 'kysely';
import type { HealthResponse, MeResponse } from '../../lib/schemas/api';
import type { AppEnv, Deps } from '../core/context';

/** `/health` is public (load balancers call it); register it before the auth middleware. */
export function healthRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/health', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ ok: true, db: 'ok' } satisfies HealthResponse);
    } catch (err) {
      console.error('health check: database unreachable', err);
      return c.json({ ok: false, db: 'error' } satisfies HealthResponse, 503);
    }
  });
}

export function meRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/me', (c) => {
    const { name, role } = c.get('member');
    return c.json({ name, role, serverTime: deps.clock().toISOString() } satisfies MeResponse);
  });
}
