import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * What `npm start` ends with: where the built extension is and how to connect it, so a first run
 * does not stop at "listening on …" with no idea what to do next.
 */
export function nextSteps(opts: {
  url: string;
  extensionDir: string;
  built: boolean;
  firstToken?: string;
}): string {
  const load = opts.built
    ? `pick the folder ${opts.extensionDir}`
    : `run \`npm run build\` first, then pick the folder ${opts.extensionDir}`;
  const token = opts.firstToken
    ? 'the access token printed above'
    : 'your access token (a lead creates one with `npm run -s members -- add --name NAME --role ambassador`)';
  return [
    '',
    'Next steps',
    `  1. Load the extension: open chrome://extensions, switch on Developer mode, click Load unpacked and ${load}.`,
    `  2. Connect: click the Reply Tracker icon, open Settings, set Server URL to ${opts.url} and paste ${token}; press Connect and allow the site access.`,
    '  3. Open x.com or youtube.com: the sidebar is at the right edge (Alt+Shift+R shows or hides it).',
    '',
  ].join('\n');
}

export function chromeBuildDir(root = process.cwd()): { dir: string; built: boolean } {
  const dir = resolve(root, '.output/chrome-mv3');
  return { dir, built: existsSync(resolve(dir, 'manifest.json')) };
}
