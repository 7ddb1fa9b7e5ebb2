// Renders the inputs and outputs tables of each actions/<step>/README.md from its action.yml, so
// the README cannot drift from the metadata the runner reads. The rest of the README is written
// by hand; the tables sit between the two marker comments below and are replaced on every build.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const START = '<!-- tables: generated from action.yml by `npm run build`; edit action.yml instead -->';
const END = '<!-- end of generated tables -->';

/** `|` and line breaks would break a Markdown table row. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** The generated Markdown for one action.yml. */
export function renderActionTables(actionYml) {
  const action = parse(actionYml);
  // No input declares a `default` (the runner would hide the config file's value behind it): each
  // description says the default the step applies.
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return [
    START,
    '',
    '### Inputs',
    '',
    '| input | description |',
    '| --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
    '',
    END,
  ].join('\n');
}

/**
 * Rewrites the generated part of actions/<step>/README.md, formatted as `prettier --check` expects;
 * fails when the markers are missing.
 */
export async function updateActionReadme(root, step) {
  const readmePath = join(root, 'actions', step, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmePath}: the generated-tables markers are missing`);
  const tables = renderActionTables(readFileSync(join(root, 'actions', step, 'action.yml'), 'utf8'));
  const text = readme.slice(0, start) + tables + readme.slice(end + END.length);
  const options = (await resolveConfig(readmePath)) ?? {};
  writeFileSync(readmePath, await format(text, { ...options, filepath: readmePath }));
}
