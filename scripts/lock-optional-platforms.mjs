#!/usr/bin/env node
// npm omits optional per-platform packages (Biome's and Rollup's binaries for other systems) from the
// lockfile when the registry it resolves against lacks them, and `npm ci` then refuses the lock. This
// puts them back by name and version; each system installs only its own and skips the rest.
// Run after any dependency change: npm install && node scripts/lock-optional-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pk)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm resolves from the nearest node_modules upwards; check both nested and hoisted places.
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (pk[nested] || pk[hoisted]) continue;
    pk[hoisted] = { version: range.replace(/^[\^~]/, ''), optional: true };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} entries`);
