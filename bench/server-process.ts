/**
 * The team server in a process of its own (bench/server-child.ts), as it runs in production beside
 * its clients: started for bench/server.ts and bench/extension.ts alike, killed if the bench exits.
 *
 * It runs what `npm start` runs: the server bundle (scripts/build-server.mjs, built once per bench
 * process), whose bench-child entry is bench/server-child.ts bundled the same way. BENCH_SERVER_TSX=1
 * runs the TypeScript source under tsx instead (the paired baseline for the bundle's memory).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Resident memory of the server process, from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

let built: string | undefined;

/** The bench-child entry of the server bundle, built on first use. */
function bundle(): string {
  if (!built) {
    const run = spawnSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`building the server bundle failed (${run.status ?? run.signal})`);
    built = 'dist/server/bench-child.mjs';
  }
  return built;
}

/** `env` goes to the child beside ours (DATABASE_URL, BENCH_PG_SCHEMA); `nodeArgs` before the script. */
export async function startServerProcess(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const script = process.env.BENCH_SERVER_TSX ? ['--import', 'tsx', 'bench/server-child.ts'] : [bundle()];
  const proc = spawn(process.execPath, [...nodeArgs, ...script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    url,
    proc,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : Number.NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
