// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { nextSteps } from '../../../server/cli/next-steps';

describe('what npm start ends with', () => {
  it('names the folder to load and how to connect, with the first token', () => {
    const text = nextSteps({
      url: 'http://127.0.0.1:8787',
      extensionDir: '/home/me/reply-tracker/.output/chrome-mv3',
      built: true,
      firstToken: 'rt_abc',
    });
    expect(text).toContain('Load unpacked and pick the folder /home/me/reply-tracker/.output/chrome-mv3');
    expect(text).toContain(
      'set Server URL to http://127.0.0.1:8787 and paste the access token printed above',
    );
    expect(text).not.toContain('rt_abc');
  });

  it('says to build first when there is nothing to load, and where a token comes from', () => {
    const text = nextSteps({
      url: 'http://127.0.0.1:8787',
      extensionDir: '/x/.output/chrome-mv3',
      built: false,
    });
    expect(text).toContain('run `npm run build` first');
    expect(text).toContain('npm run -s members -- add');
  });
});
