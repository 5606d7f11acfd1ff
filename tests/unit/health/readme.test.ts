import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { X_HEALTH } from '../../../lib/platforms/x/health';
import { YOUTUBE_HEALTH } from '../../../lib/platforms/youtube/health';

// The README's list of what each adapter depends on is for maintainers in a hurry: it must not go stale.
const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(
  readme.indexOf('## When X or YouTube change'),
  readme.indexOf('## Architecture'),
);

describe("the README's site-health section", () => {
  it.each([
    ['x', X_HEALTH],
    ['youtube', YOUTUBE_HEALTH],
  ] as const)('lists every check and network operation %s declares', (_, health) => {
    expect(section.length).toBeGreaterThan(0);
    for (const d of health.dom) expect(section).toContain(`| \`${d.check}\` |`);
    for (const n of health.network) expect(section).toContain(`\`${n.operation}\``);
  });
});
