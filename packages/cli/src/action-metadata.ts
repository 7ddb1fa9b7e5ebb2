import { readFile } from 'node:fs/promises';

/**
 * Each step's action.yml, the one description of its inputs. In a checkout the URLs point at
 * actions/<step>/action.yml; the bundler sees `new URL(<literal>, import.meta.url)`, copies each file
 * next to dist/cli/index.js and rewrites the URL, so the published CLI reads the same text.
 */
const ACTION_FILES: Readonly<Record<string, URL>> = {
  'bake-and-watch': new URL('../../../actions/bake-and-watch/action.yml', import.meta.url),
  'build-signature': new URL('../../../actions/build-signature/action.yml', import.meta.url),
  'code-review-checklist': new URL('../../../actions/code-review-checklist/action.yml', import.meta.url),
  'one-box-deploy': new URL('../../../actions/one-box-deploy/action.yml', import.meta.url),
  rollback: new URL('../../../actions/rollback/action.yml', import.meta.url),
  // The root action: the whole stage.
  stage: new URL('../../../action.yml', import.meta.url),
  'window-guard': new URL('../../../actions/window-guard/action.yml', import.meta.url),
};

/** An input as action.yml declares it. */
export interface ActionInput {
  name: string;
  /** One line: YAML folding and line breaks collapsed to single spaces. */
  description: string;
}

/** The inputs a step's action.yml declares, in its order. */
export async function readActionInputs(step: string): Promise<ActionInput[]> {
  const url = ACTION_FILES[step];
  if (url === undefined) throw new Error(`no action.yml is known for the step ${step}`);
  const { parse } = await import('yaml');
  const action = parse(await readFile(url, 'utf8')) as {
    inputs?: Record<string, { description?: unknown } | null>;
  };
  return Object.entries(action.inputs ?? {}).map(([name, input]) => ({
    name,
    description: String(input?.description ?? '')
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}
