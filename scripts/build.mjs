// `npm run build`: WXT's build, with plain output when nobody is watching a terminal. WXT's spinner
// and colours write escape codes (ESC[1G, ESC[90m…) even into a pipe or a CI log; there they are noise.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tty = Boolean(process.stdout.isTTY);
const wxt = fileURLToPath(new URL('../node_modules/wxt/bin/wxt.mjs', import.meta.url));
const child = spawn(process.execPath, [wxt, 'build', ...process.argv.slice(2)], {
  stdio: tty ? 'inherit' : ['inherit', 'pipe', 'pipe'],
  env: tty ? process.env : { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});

// CSI sequences (colours, cursor moves, line clears) and OSC sequences (titles, links).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape codes is the point
const ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const plain = (text) => text.replace(ESCAPES, '');

if (!tty) {
  child.stdout.on('data', (chunk) => process.stdout.write(plain(chunk.toString())));
  child.stderr.on('data', (chunk) => process.stderr.write(plain(chunk.toString())));
}
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
