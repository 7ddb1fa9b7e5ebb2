// The one ncc bundle behind every entry of dist/ (dist/hands-off/). Each action, the root action
// (the whole stage) and the CLI is a chunk group loaded on demand, so every heavy dependency (the
// AWS SDK, Octokit, @actions/*, the Markdown parser, holiday and time-zone data) exists once in
// dist/ however many steps there are. The entries (dist/<name>/index.js) are a few lines that
// scripts/build.mjs writes; each calls start() with its name.

/**
 * The bundle's entries by the name of their dist/ folder. Each module does its work on import, as
 * its own bundle did before: an action's index.ts runs main.ts's run() (the main or the post stage)
 * and ends the process; the CLI's main.ts runs `hands-off <command>` with this process's arguments,
 * so a new command is a change in packages/cli only.
 */
export const ENTRIES: Readonly<Record<string, () => Promise<unknown>>> = {
  'bake-and-watch': () => import('../../actions/bake-and-watch/src/index.js'),
  'build-signature': () => import('../../actions/build-signature/src/index.js'),
  'code-review-checklist': () => import('../../actions/code-review-checklist/src/index.js'),
  'one-box-deploy': () => import('../../actions/one-box-deploy/src/index.js'),
  rollback: () => import('../../actions/rollback/src/index.js'),
  // The root action (action.yml).
  stage: () => import('../../src/index.js'),
  'window-guard': () => import('../../actions/window-guard/src/index.js'),
  cli: () => import('../../packages/cli/src/main.js'),
  // The gate as an AWS Lambda function: exports `handler` (a function URL's webhook, a schedule's sweep).
  'gate-lambda': () => import('../../packages/gate-github/src/lambda-entry.js'),
  // The GitLab gate's sweep as an AWS Lambda function run by a schedule: exports `handler`.
  'gate-gitlab-lambda': () => import('../../packages/gate-gitlab/src/lambda-entry.js'),
};

/** Runs the entry `name`: loads its chunks, which run it; returns its module (the Lambda's handler). */
export async function start(name: string): Promise<unknown> {
  const load = Object.hasOwn(ENTRIES, name) ? ENTRIES[name] : undefined;
  if (load === undefined) throw new Error(`dist/hands-off has no entry ${name}`);
  return load();
}
