/** One team server in a process of its own, for bench/server.ts: prints `listening <url>` when ready. */
import { parseDatabaseUrl } from '../server/db/connect';
import { startServer } from '../server/server';

const running = await startServer({
  database: parseDatabaseUrl(process.env.DATABASE_URL),
  ...(process.env.BENCH_PG_SCHEMA ? { schema: process.env.BENCH_PG_SCHEMA } : {}),
  port: 0,
  host: '127.0.0.1',
  rateLimit: false,
  log: () => {},
});
console.log(`listening ${running.url}`);
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
