// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { X_MATCHES } from '../../../lib/platforms/x/matches';
import { YOUTUBE_MATCHES } from '../../../lib/platforms/youtube/matches';
import config from '../../../wxt.config';

/**
 * What the extension may ask the browser for. A new entry here is a decision (and a line in the store
 * listing), not a side effect of a dependency: this test makes it one.
 */
const ALLOWED_PERMISSIONS = ['storage', 'unlimitedStorage', 'alarms'];
/** Only the team server's origin, asked for at connect time (options page), never granted up front. */
const ALLOWED_OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];

type Manifest = Record<string, unknown>;
const manifestFor = (browser: string): Manifest => {
  const make = config.manifest as unknown as (env: { browser: string; manifestVersion: number }) => Manifest;
  return make({ browser, manifestVersion: 3 });
};

describe('the manifest', () => {
  it.each(['chrome', 'firefox'])('asks for nothing beyond the allow-list (%s)', (browser) => {
    const manifest = manifestFor(browser);
    expect([...((manifest.permissions as string[]) ?? [])].sort()).toEqual([...ALLOWED_PERMISSIONS].sort());
    expect(manifest.optional_host_permissions).toEqual(ALLOWED_OPTIONAL_HOSTS);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.optional_permissions).toBeUndefined();
    // Only the content apps the loaders import (lib/content/loader.ts), only on the sites they run on.
    expect(manifest.web_accessible_resources).toEqual([
      expect.objectContaining({
        resources: ['x-app.js', 'youtube-app.js'],
        matches: [...X_MATCHES, ...YOUTUBE_MATCHES],
      }),
    ]);
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_security_policy).toBeUndefined();
  });

  it('runs content scripts on x.com and YouTube only', () => {
    for (const pattern of [...X_MATCHES, ...YOUTUBE_MATCHES]) {
      expect(pattern).toMatch(
        /^https:\/\/(x\.com|twitter\.com|mobile\.x\.com|mobile\.twitter\.com|(www\.|m\.)?youtube\.com)\/\*$/,
      );
    }
  });
});
