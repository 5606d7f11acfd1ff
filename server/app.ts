import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { API_PREFIX } from '../lib/schemas/api';
import type { Connector } from './connectors/types';
import { bearerAuth } from './core/auth';
import { refuseUnstorableUrl } from './core/body';
import { clientAddressFor, type TrustProxy } from './core/client-address';
import type { AppEnv, Deps } from './core/context';
import { ApiError } from './core/errors';
import {
  AuthFailureLimiter,
  type AuthFailureLimitOptions,
  DEFAULT_AUTH_FAILURE_LIMIT,
  DEFAULT_RATE_LIMIT,
  RateLimiter,
  type RateLimitOptions,
} from './core/rate-limit';
import type { Db } from './db/types';
import { activityRoutes } from './routes/activity';
import { classifierRoutes } from './routes/classifier';
import { connectorsRoutes } from './routes/connectors';
import { eventsRoutes } from './routes/events';
import { exportRoutes } from './routes/export';
import { mentionsExportRoutes } from './routes/export-mentions';
import { healthRoutes, meRoutes } from './routes/health';
import { membersRoutes } from './routes/members';
import { mentionsRoutes } from './routes/mentions';
import { mentionsReportRoutes } from './routes/mentions-report';
import { monitoringRoutes } from './routes/monitoring';
import { playbooksRoutes } from './routes/playbooks';
import { reportsRoutes } from './routes/reports';
import { siteHealthRoutes } from './routes/site-health';
import { suggestionsRoutes } from './routes/suggestions';
import { teamRoutes } from './routes/team';
import { threadsRoutes } from './routes/threads';

export interface AppOptions {
  db: Db;
  /** Long reads (reports, the export); defaults to `db`. On SQLite the server passes a worker-thread reader. */
  reads?: Db;
  /** The server's text export on a connection of its own (see Deps.exportText). */
  exportText?: Deps['exportText'];
  clock?: () => Date;
  /** `false` turns it off (tests that are not about it). */
  rateLimit?: RateLimitOptions | false;
  /** Failed authentications per client address; `false` turns it off (tests that are not about it). */
  authFailureLimit?: AuthFailureLimitOptions | false;
  /** Where a request came from, for the failure limit; defaults to the socket's peer address. */
  clientAddress?: (c: Context) => string;
  /** Reverse proxies believed about the client's address (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Exact origins, or `scheme://*` for any origin of that scheme. */
  allowedOrigins?: readonly string[];
  /** The server connectors configured (their state is shown whether or not they run in this process). */
  connectors?: readonly Connector[];
  /** Events per sheet of an .xlsx export (tests); Excel's limit by default. */
  xlsxEventsPerSheet?: number;
}

/**
 * In dev the extension's id is not fixed: Chrome derives an unpacked extension's id from its folder
 * and Firefox gives every install a random moz-extension UUID, so the default allows any extension
 * origin. Web pages can never send these origins and every call still needs a token; set
 * ALLOWED_ORIGINS to the published ids in production.
 */
export const DEV_ALLOWED_ORIGINS = ['chrome-extension://*', 'moz-extension://*'] as const;

export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.endsWith('://*') ? origin.startsWith(a.slice(0, -1)) : a === origin));
}

/**
 * Every route under API_PREFIX, chained so their types flow: `ApiRoutes` is what the extension's typed
 * client (`lib/sync/client.ts`, Hono's `hc`) is checked against. The extension imports the type only.
 */
function apiRoutes(
  deps: Deps,
  {
    limiter,
    failures,
    options,
  }: { limiter: RateLimiter | null; failures: AuthFailureLimiter | null; options: AppOptions },
) {
  return (
    new Hono<AppEnv>()
      // Order matters: /health answers before the auth middleware below ever runs.
      .route('/', healthRoutes(deps))
      .use(
        '*',
        bearerAuth(deps, limiter, failures, options.clientAddress ?? clientAddressFor(options.trustProxy)),
      )
      .use('*', refuseUnstorableUrl)
      .route('/', meRoutes(deps))
      .route('/', eventsRoutes(deps))
      .route('/', activityRoutes(deps))
      .route('/', threadsRoutes(deps))
      .route('/', playbooksRoutes(deps))
      .route('/', teamRoutes(deps))
      .route('/', membersRoutes(deps))
      .route('/', exportRoutes(deps))
      .route('/', reportsRoutes(deps))
      .route('/', classifierRoutes(deps))
      .route('/', suggestionsRoutes(deps))
      .route('/', monitoringRoutes(deps))
      .route('/', connectorsRoutes(deps, options.connectors ?? []))
      .route('/', mentionsReportRoutes(deps))
      .route('/', mentionsExportRoutes(deps))
      .route('/', mentionsRoutes(deps))
      .route('/', siteHealthRoutes(deps))
  );
}

/** The team server's API (paths relative to API_PREFIX), for the typed client: a type, never code. */
export type ApiRoutes = ReturnType<typeof apiRoutes>;

export function createApp(options: AppOptions): Hono<AppEnv> {
  const deps: Deps = {
    db: options.db,
    reads: options.reads ?? options.db,
    ...(options.exportText ? { exportText: options.exportText } : {}),
    clock: options.clock ?? (() => new Date()),
    ...(options.xlsxEventsPerSheet ? { xlsxEventsPerSheet: options.xlsxEventsPerSheet } : {}),
  };
  const limiter =
    options.rateLimit === false
      ? null
      : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, () => deps.clock().getTime());
  const failures =
    options.authFailureLimit === false
      ? null
      : new AuthFailureLimiter(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT, () =>
          deps.clock().getTime(),
        );
  const allowed = options.allowedOrigins ?? DEV_ALLOWED_ORIGINS;

  const app = new Hono<AppEnv>();
  // Every answer, errors and preflights included: answers carry tokens (POST /members) and member data,
  // so no browser or proxy keeps a copy, and none is ever sniffed into something other than its type.
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  app.use(
    '*',
    cors({
      origin: (origin) => (originAllowed(origin, allowed) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'If-Match'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['ETag', 'Retry-After', 'Content-Disposition'],
      maxAge: 600,
    }),
  );

  app.route(API_PREFIX, apiRoutes(deps, { limiter, failures, options }));

  app.notFound((c) =>
    c.json(new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`).body(), 404),
  );
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(err.body(), err.status as 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code =
        err.status === 413 ? 'payload_too_large' : err.status === 404 ? 'not_found' : 'bad_request';
      return c.json(new ApiError(code, err.message || 'Bad request').body(), err.status);
    }
    // Logged here with the stack; the client only learns that it was our fault.
    console.error(`${c.req.method} ${c.req.path} failed`, err);
    return c.json(new ApiError('internal', 'Internal server error').body(), 500);
  });
  return app;
}
