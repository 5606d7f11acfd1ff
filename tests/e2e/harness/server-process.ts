/**
 * The team server in a process of its own, so a test can SIGKILL it mid-batch as a crash would.
 * DATABASE_URL and PORT come from the environment; prints `listening <url>` when ready.
 */
import { parseDatabaseUrl } from '../../../server/db/connect';
import { startServer } from '../../../server/server';

const running = await startServer({
  database: parseDatabaseUrl(process.env.DATABASE_URL),
  port: Number(process.env.PORT ?? 0),
  host: '127.0.0.1',
  rateLimit: false,
  log: () => {},
});
console.log(`listening ${running.url}`);
