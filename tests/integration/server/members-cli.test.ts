// @vitest-environment node
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app';
import { openDatabase } from '../../../server/db/connect';
import type { Db } from '../../../server/db/types';

const run = promisify(execFile);

/** The lead's story: add people from a terminal, hand them the last line, revoke when they leave. */
describe('members CLI', () => {
  let dir: string;
  let dbUrl: string;
  let db: Db;

  const members = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run('npx', ['tsx', 'server/cli/members.ts', ...args], {
        env: { ...process.env, DATABASE_URL: dbUrl },
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const me = (token: string) =>
    createApp({ db, rateLimit: false }).request('/api/v1/me', {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-cli-'));
    dbUrl = `file:${join(dir, 'team.sqlite')}`;
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a member and prints a working token as the last line', async () => {
    const res = await members('add', '--name', 'amber', '--role', 'ambassador');
    expect(res.code).toBe(0);
    const token = res.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^rt_[A-Za-z0-9_-]{43}$/);
    db = openDatabase({ kind: 'sqlite', path: join(dir, 'team.sqlite') });
    const who = await me(token);
    expect(await who.json()).toMatchObject({ name: 'amber', role: 'ambassador' });

    const list = await members('list');
    expect(list.stdout).toMatch(/^amber\tambassador\tcreated .+\tactive$/m);
    expect(list.stdout).not.toContain(token);

    const revoked = await members('revoke', 'amber');
    expect(revoked.code).toBe(0);
    expect((await me(token)).status).toBe(401);
  }, 60_000);

  // Concurrent: each is a separate process, and none of them writes.
  it.concurrent.each([
    [['add', '--name', 'x', '--role', 'owner'], 2, /role/],
    [['add', '--role', 'lead'], 2, /--name/],
    [['add', '--name', 'x', '--rol', 'lead'], 2, /Unknown option/],
    [['revoke'], 2, /exactly one NAME/],
    [['revoke', 'nobody'], 1, /No active member named "nobody"/],
    [['fire', 'amber'], 2, /Unknown command/],
  ])(
    'refuses %j with exit code %i',
    async (args, code, message) => {
      const res = await members(...args);
      expect(res.code).toBe(code);
      expect(res.stderr).toMatch(message);
    },
    30_000,
  );

  it('refuses a duplicate name', async () => {
    expect((await members('add', '--name', 'mona', '--role', 'manager')).code).toBe(0);
    const dup = await members('add', '--name', 'mona', '--role', 'lead');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('A member named "mona" already exists');
  }, 30_000);
});
