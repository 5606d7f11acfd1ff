import { Hono } from 'hono';
import type { ConnectorsResponse } from '../../lib/schemas/mention';
import { CONNECTOR_DEFAULT_INTERVAL_SECONDS } from '../connectors/config';
import { connectorStates } from '../connectors/runner';
import type { Connector } from '../connectors/types';
import { requireRole } from '../core/auth';
import type { AppEnv, Deps } from '../core/context';

/** Each server connector's state for the dashboard's Sources panel: managers and leads. */
export function connectorsRoutes(deps: Deps, connectors: readonly Connector[]) {
  return new Hono<AppEnv>().get('/monitoring/connectors', requireRole('manager'), async (c) => {
    c.header('Cache-Control', 'no-store');
    const body: ConnectorsResponse = {
      connectors: await connectorStates(deps.db, connectors, CONNECTOR_DEFAULT_INTERVAL_SECONDS),
    };
    return c.json(body);
  });
}
