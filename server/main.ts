import { chromeBuildDir, nextSteps } from './cli/next-steps';
import { connectorsFromEnv } from './connectors/config';
import { parseTrustProxy } from './core/client-address';
import { DEFAULT_AUTH_FAILURE_LIMIT, DEFAULT_RATE_LIMIT } from './core/rate-limit';
import { parseDatabaseUrl } from './db/connect';
import { startServer } from './server';

// Configuration comes from the environment only; see server/README.md.
const env = process.env;
const origins = env.ALLOWED_ORIGINS?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const trustProxy = parseTrustProxy(env.TRUST_PROXY);

const running = await startServer({
  database: parseDatabaseUrl(env.DATABASE_URL),
  port: Number(env.PORT ?? 8787),
  host: env.HOST ?? '127.0.0.1',
  allowedOrigins: origins && origins.length > 0 ? origins : undefined,
  retrainEveryHours: Number(env.CLASSIFIER_RETRAIN_HOURS ?? 24),
  connectors: connectorsFromEnv(env),
  retentionEveryHours: Number(env.RETENTION_EVERY_HOURS ?? 6),
  ...(trustProxy ? { trustProxy } : {}),
  authFailureLimit:
    env.AUTH_FAILURES_PER_MINUTE === '0'
      ? false
      : {
          maxFailures: Number(env.AUTH_FAILURES_PER_MINUTE ?? DEFAULT_AUTH_FAILURE_LIMIT.maxFailures),
          windowMs: 60_000,
        },
  rateLimit: {
    capacity: Number(env.RATE_LIMIT_BURST ?? DEFAULT_RATE_LIMIT.capacity),
    refillPerSecond: Number(env.RATE_LIMIT_PER_SECOND ?? DEFAULT_RATE_LIMIT.refillPerSecond),
  },
});

const build = chromeBuildDir();
console.log(
  nextSteps({
    url: running.url,
    extensionDir: build.dir,
    built: build.built,
    ...(running.adminToken ? { firstToken: running.adminToken } : {}),
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
