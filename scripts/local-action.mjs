// Runs one action from its TypeScript sources through @github/local-action, without a runner:
//
//   npm run local-action -- <step> [env-file] [--post]
//
// local-action imports actions/<step>/src/main.ts, stubs @actions/core (inputs from the env file's
// INPUT_<NAME> lines, outputs and saved state kept in memory) and calls its run(). With --post it
// then calls run() again as the action's post stage, which reads what the main stage saved with
// core.saveState: the same path as on the runner, where the state travels as STATE_<name>.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const localAction = join(root, 'node_modules/@github/local-action/bin/local-action.js');

const fail = (message) => {
  console.error(`local-action: ${message}`);
  process.exit(1);
};

const args = process.argv.slice(2);
const post = args.includes('--post');
const [step, envArg = '.env', ...extra] = args.filter((arg) => arg !== '--post');
const steps = readdirSync(join(root, 'actions')).filter((name) =>
  existsSync(join(root, 'actions', name, 'action.yml')),
);
if (!step || !steps.includes(step) || extra.length > 0) {
  fail(`usage: npm run local-action -- <step> [env-file] [--post], step one of ${steps.join(', ')}`);
}
const metadata = parse(readFileSync(join(root, 'actions', step, 'action.yml'), 'utf8'));
if (post && !metadata?.runs?.post) fail(`${step} has no post stage (its action.yml sets no runs.post)`);

// npm runs scripts from the repository root; the env file is named from where the user stands.
const envFile = resolve(process.env.INIT_CWD ?? process.cwd(), envArg);
if (!existsSync(envFile))
  fail(`no env file ${envFile}: copy .env.example to .env and edit its INPUT_* lines`);
// local-action hands its arguments to a shell unquoted.
for (const path of [root, envFile]) {
  if (!/^[\w./-]+$/.test(path)) fail(`a path may hold only letters, digits and . _ / - here: ${path}`);
}
if (!existsSync(localAction)) fail('@github/local-action is not installed: run npm install');

// local-action stubs only the @actions/core that `npm ls` lists at the top of the tree, so the
// root declares the one the runtime uses. Without the stub nothing carries the state from the
// main stage to the post stage, and one-box-deploy's post stage would deploy a second time.
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!rootPackage.devDependencies?.['@actions/core']) {
  fail('the root package.json must list @actions/core in devDependencies, or local-action cannot stub it');
}

// tsx tries a bare specifier against tsconfig's baseUrl first; quibble (local-action's stubbing
// loader) answers that failed lookup with a file URL, so `@hands-off/core/...` would be read from
// the repository root. A copy of the compiler options without baseUrl and paths avoids it (paths
// only map moment-timezone to the bundles' lean build; the sources use the real package).
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
delete compilerOptions.baseUrl;
delete compilerOptions.paths;
const tsconfig = join(root, 'node_modules/.cache/hands-off/tsconfig.local-action.json');
mkdirSync(join(tsconfig, '..'), { recursive: true });
writeFileSync(tsconfig, `${JSON.stringify({ compilerOptions }, null, 2)}\n`);

// Absolute: local-action resolves `--post` against the working directory, not the action's
// (github/local-action#271), and the entry against the action's; an absolute path is both.
const entry = join(root, 'actions', step, 'src/main.ts');
const result = spawnSync(
  process.execPath,
  [localAction, 'run', join(root, 'actions', step), entry, envFile, ...(post ? ['--post', entry] : [])],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: tsconfig,
      // The runner always sets RUNNER_TEMP (the decision log goes there); the env file may override it.
      RUNNER_TEMP: mkdtempSync(join(tmpdir(), `hands-off-${step}-`)),
    },
  },
);
if (result.error) fail(result.error.message);
process.exit(result.status ?? 1);
