import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findChromium } from './harness/chromium';

/** Fails the e2e run up front, with instructions, when its two prerequisites are missing. */
export default function setup(): void {
  findChromium();
  const manifest = resolve('.output/chrome-mv3/manifest.json');
  if (!existsSync(manifest)) {
    throw new Error('The extension is not built: run `npm run build` (npm run test:e2e does it for you).');
  }
}
