import { describe, expect, it } from 'vitest';
import type { VersionedPublishResult } from '../../../lib/messaging/protocol';
import { runPublish } from '../../../lib/messaging/publish';

/*
 * The publish run both versioned editors share (the playbooks draft, the monitoring terms): what the
 * editor's state says while it runs and after each answer the background can give.
 */
interface Doc {
  version: number;
}
type Result = VersionedPublishResult<Doc>;

function editor() {
  const state: Record<string, unknown> = {
    publishing: false,
    conflict: undefined,
    publishError: 'the last one failed',
    notice: 'Published version 2.',
  };
  const seen: Record<string, unknown>[] = [];
  const set = (update: object) => {
    Object.assign(state, update);
    seen.push({ ...state });
  };
  return { state, seen, set };
}

describe('a versioned publish run', () => {
  it('publishes: busy while it runs with the last outcome cleared, the new version handed over, then idle', async () => {
    const { state, set } = editor();
    let during: Record<string, unknown> | undefined;
    const published: Doc[] = [];
    const ok = await runPublish<Doc>(
      set,
      async () => {
        during = { ...state };
        return { status: 'published', document: { version: 3 } };
      },
      { published: (d) => published.push(d) },
    );
    expect(ok).toBe(true);
    expect(during).toEqual({
      publishing: true,
      conflict: undefined,
      publishError: undefined,
      notice: undefined,
    });
    expect(published).toEqual([{ version: 3 }]);
    expect(state.publishing).toBe(false);
  });

  it('keeps someone else’s newer version as the conflict, and publishes nothing', async () => {
    const { state, set } = editor();
    const conflict: Result = {
      status: 'conflict',
      currentVersion: 4,
      updatedBy: 'maria',
      message:
        'Someone else (maria) published version 4 while you were editing version 3. Nothing was saved.',
    };
    const ok = await runPublish<Doc>(set, async () => conflict, {
      published: () => {
        throw new Error('not published');
      },
    });
    expect(ok).toBe(false);
    expect(state).toMatchObject({ publishing: false, conflict, publishError: undefined });
  });

  it('says the server’s refusal, or lets the editor show it with its issues', async () => {
    const refused: Result = {
      status: 'invalid',
      issues: [{ path: ['terms', 0], message: 'Too short' }],
      message: 'The team server refused the terms: Too short',
    };
    const plain = editor();
    expect(await runPublish<Doc>(plain.set, async () => refused, { published: () => {} })).toBe(false);
    expect(plain.state).toMatchObject({ publishing: false, publishError: refused.message });

    const withIssues = editor();
    const shown: unknown[] = [];
    await runPublish<Doc>(withIssues.set, async () => refused, {
      published: () => {},
      invalid: (r) => shown.push(r.issues),
    });
    expect(shown).toEqual([refused.issues]);
    // The editor's own handler decides what is said; the run does not add its own message.
    expect(withIssues.state).toMatchObject({ publishing: false, publishError: undefined });
  });

  it('says why the background could not be asked, and is idle again', async () => {
    const { state, seen, set } = editor();
    const ok = await runPublish<Doc>(
      set,
      async () => {
        throw new Error('Reply Tracker’s background is unreachable: gone');
      },
      { published: () => {} },
    );
    expect(ok).toBe(false);
    expect(state).toMatchObject({
      publishing: false,
      publishError: 'Reply Tracker’s background is unreachable: gone',
    });
    expect(seen.at(-1)?.publishing).toBe(false);
  });
});
