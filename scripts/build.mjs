// Builds everything that is committed or bundled: the config file's JSON Schema, the lean
// time-zone data for the holiday engine, and one ncc bundle per step plus the CLI.
// Runs under the Node 24 of node_modules (npm scripts put it first on PATH).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const only = process.argv.slice(2);

// 1. The published schema of the config file, from its TypeScript source.
const { CONFIG_SCHEMA } = await import(join(root, 'packages/core/src/config/config-schema.ts'));
mkdirSync(join(root, 'schemas'), { recursive: true });
writeFileSync(join(root, 'schemas/hands-off.schema.json'), `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`);

// 1b. The inputs and outputs tables of each action's README, from its action.yml.
const { updateActionReadme } = await import('./action-readmes.mjs');
for (const step of readdirSync(join(root, 'actions'))) {
  if (existsSync(join(root, 'actions', step, 'README.md'))) await updateActionReadme(root, step);
}

// 2. moment-timezone data limited to 2000-2100 for the holiday engine (see moment-timezone-lean.cjs).
const moment = require('moment-timezone/moment-timezone-utils.js');
const packed = require('moment-timezone/data/packed/latest.json');
const unpacked = {
  version: packed.version,
  zones: packed.zones.map((z) => moment.tz.unpack(z)),
  links: packed.links,
  countries: [],
};
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(
  join(root, 'build/moment-timezone-2000-2100.json'),
  JSON.stringify(moment.tz.filterLinkPack(unpacked, 2000, 2100)),
);

// 3. Bundles: dist/<step>/index.js for each action, dist/stage/index.js for the root action (the
// whole stage), dist/cli/index.js for the CLI.
const entries = [
  ...readdirSync(join(root, 'actions')).map((step) => [step, `actions/${step}/src/index.ts`]),
  ['stage', 'src/index.ts'],
  ['cli', 'packages/cli/src/main.ts'],
].filter(([name]) => only.length === 0 || only.includes(name));
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
for (const [name, entry] of entries) {
  if (!existsSync(join(root, entry))) continue;
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', out, '-m', '-q', '--license', 'licenses.txt', '--target', 'es2022'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  console.log(`built dist/${name}`);
}
writeFileSync(join(root, 'dist/package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
