import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** A team server process over a SQLite file; `kill()` is SIGKILL, `start()` comes back on the same port. */
export interface ServerProcess {
  readonly port: number;
  start(): Promise<void>;
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

export async function serverProcess(databasePath: string, port: number): Promise<ServerProcess> {
  let child: ChildProcess | undefined;
  return {
    port,
    async start() {
      if (child) return;
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', resolve('tests/e2e/harness/server-process.ts')],
        {
          env: { ...process.env, DATABASE_URL: databasePath, PORT: String(port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child = proc;
      let stderr = '';
      proc.stderr?.on('data', (d) => {
        stderr += String(d);
      });
      await new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`the server did not start: ${stderr}`)), 60_000);
        proc.stdout?.on('data', (d) => {
          if (String(d).includes('listening ')) {
            clearTimeout(timer);
            ok();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`the server exited (${code}): ${stderr}`));
        });
      });
    },
    async kill() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export type Fault = '500' | '503' | 'drop' | 'answer-lost' | 'hang';

/**
 * A proxy in front of the team server that, while armed, fails a share of requests the ways networks
 * and servers do: an error status without reaching the server, a dropped connection before it, an
 * answer lost after the server committed, or (at most `maxHangs` times) no answer at all until the
 * client gives up. Decisions come from a seeded generator, so a failing run can be replayed.
 */
export interface FaultProxy {
  readonly url: string;
  armed: boolean;
  readonly counts: Record<Fault | 'passed', number>;
  close(): Promise<void>;
}

export async function faultProxy(
  targetPort: () => number,
  { share = 0.3, seed = 20261126, maxHangs = 1 } = {},
): Promise<FaultProxy> {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const counts: FaultProxy['counts'] = { '500': 0, '503': 0, drop: 0, 'answer-lost': 0, hang: 0, passed: 0 };
  const held: Array<() => void> = [];
  const proxy: { armed: boolean } = { armed: false };

  const server: Server = createServer((req, res) => {
    let fault: Fault | undefined;
    if (proxy.armed && random() < share) {
      const kinds: Fault[] = ['500', '503', 'drop', 'answer-lost'];
      if (counts.hang < maxHangs) kinds.push('hang');
      fault = kinds[Math.floor(random() * kinds.length)];
    }
    if (fault) counts[fault]++;
    else counts.passed++;
    if (fault === '500' || fault === '503') {
      req.resume();
      res.writeHead(Number(fault), { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: `injected ${fault}` } }));
      return;
    }
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    const upstream = request(
      { host: '127.0.0.1', port: targetPort(), method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (fault === 'answer-lost') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        if (fault === 'hang') {
          answer.resume();
          held.push(() => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get armed() {
      return proxy.armed;
    },
    set armed(v: boolean) {
      proxy.armed = v;
    },
    counts,
    async close() {
      for (const release of held) release();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
