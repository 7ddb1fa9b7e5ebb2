// Builds everything that is committed or bundled: the config file's JSON Schema, the lean
// time-zone data for the holiday engine, and the one ncc bundle behind every action and the CLI.
// Runs under the Node 24 of node_modules (npm scripts put it first on PATH).
import { parse } from 'acorn';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { minify } from 'terser';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

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

// 3. One ncc bundle, dist/hands-off/: the dispatcher scripts/bundle/hands-off.ts and, as chunks it
// loads on demand, every action, the root action's stage and the CLI, so each heavy dependency is
// in dist/ once however many steps there are. Then dist/<name>/index.js for each of them: a few
// lines that start the entry `name` of the bundle (what action.yml's runs.main and post and the
// CLI's `bin` point at).
const { ENTRIES } = await import('./bundle/hands-off.ts');
for (const step of readdirSync(join(root, 'actions'))) {
  if (existsSync(join(root, 'actions', step, 'action.yml')) && !Object.hasOwn(ENTRIES, step))
    throw new Error(`actions/${step} has no entry in scripts/bundle/hands-off.ts: add it there`);
}
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const bundle = join(dist, 'hands-off');
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
execFileSync(
  process.execPath,
  [
    ncc,
    'build',
    'scripts/bundle/hands-off.ts',
    '-o',
    bundle,
    '-m',
    '-q',
    '--license',
    'licenses.txt',
    '--target',
    'es2022',
  ],
  { cwd: root, stdio: 'inherit' },
);
await finishBundle(bundle);
console.log('built dist/hands-off');
for (const name of Object.keys(ENTRIES)) {
  const shebang = name === 'cli' ? '#!/usr/bin/env node\n' : '';
  mkdirSync(join(dist, name));
  writeFileSync(
    join(dist, name, 'index.js'),
    `${shebang}// The entry ${name} of dist/hands-off/ (scripts/bundle/hands-off.ts); written by scripts/build.mjs.\n` +
      `import { start } from '../hands-off/index.js';\n\n` +
      // A Lambda function's module exports its handler; the others run on import.
      (name.endsWith('-lambda')
        ? `export const { handler, sweepHandler } = await start('${name}');\n`
        : `await start('${name}');\n`),
    { mode: name === 'cli' ? 0o755 : 0o644 },
  );
}
writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);

/**
 * ncc minifies the bundle's index.js only; its chunks hold every step's code. Each chunk gets the
 * same minification as index.js (terser: no compression, names mangled, class and function names
 * kept), then two changes that only make a step start sooner:
 * - every module of a chunk in parentheses, as webpack writes them before minifying: V8 then compiles
 *   a module when it loads the chunk instead of scanning it once to skip it and again when the module
 *   runs, and a step runs nearly every module of the chunks it loads;
 * - ASCII where that keeps the meaning: Node decodes and scans a source with one non-ASCII character
 *   as a two-byte string.
 */
async function finishBundle(dir) {
  const nonAscii = /[\u0080-\uffff]/g;
  const escape = (text) =>
    text.replace(nonAscii, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const path = join(dir, file);
    const chunk = file !== 'index.js';
    let { code } = await minify(readFileSync(path, 'utf8'), {
      module: true,
      compress: false,
      mangle: chunk ? { keep_classnames: true, keep_fnames: true } : false,
      format: {
        // Strings, untagged templates, regular expressions and names in escapes.
        ascii_only: true,
        // The comments terser keeps by default (licenses), escaped the same way.
        comments: (_node, comment) => {
          const keep =
            ['comment1', 'comment2'].includes(comment.type) &&
            /@preserve|@copyright|@lic|@cc_on|^\**!/i.test(comment.value);
          if (keep) comment.value = escape(comment.value);
          return keep;
        },
      },
    });
    if (chunk) code = parenthesizeModules(code, file);
    // A tagged template's raw text stays as written: escaping it would change the string the tag sees.
    if (/[\u0080-\uffff]/.test(code))
      console.warn(`dist/hands-off/${file} keeps non-ASCII text (a tagged template)`);
    writeFileSync(path, code);
  }
}

/**
 * A webpack chunk, `export const modules = { <id>: (module, exports, require) => {...}, ... }`, with
 * each module in parentheses.
 */
function parenthesizeModules(code, file) {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const modules = program.body
    .filter(
      (node) => node.type === 'ExportNamedDeclaration' && node.declaration?.type === 'VariableDeclaration',
    )
    .flatMap((node) => node.declaration.declarations)
    .find(
      (declaration) => declaration.id.name === 'modules' && declaration.init?.type === 'ObjectExpression',
    );
  if (modules === undefined)
    throw new Error(`dist/hands-off/${file} is not a webpack chunk: no \`modules\` object`);
  const parts = [];
  let at = 0;
  for (const { value } of modules.init.properties) {
    if (value.type !== 'ArrowFunctionExpression' && value.type !== 'FunctionExpression') continue;
    parts.push(code.slice(at, value.start), '(', code.slice(value.start, value.end), ')');
    at = value.end;
  }
  return parts.join('') + code.slice(at);
}
