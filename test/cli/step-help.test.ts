import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { INPUT_EXAMPLES, runCli, STEPS } from '@hands-off/cli';
import { actionYml } from '../support/run-action.js';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {}, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The inputs of the step's action.yml with their descriptions on one line. */
function actionInputs(step: string): { name: string; description: string }[] {
  const action = parse(readFileSync(actionYml(step), 'utf8')) as {
    inputs: Record<string, { description: string }>;
  };
  return Object.entries(action.inputs).map(([name, input]) => ({
    name,
    description: input.description.replace(/\s+/g, ' ').trim(),
  }));
}

/** The help text of each `--<name>` entry, whitespace collapsed, by name. */
function entries(help: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const block of help.split(/^(?= {2}--)/m).slice(1)) {
    const name = /^ {2}--([a-z-]+) /.exec(block)?.[1];
    if (name) found.set(name, block.replace(/\s+/g, ' ').trim());
  }
  return found;
}

const steps = Object.keys(STEPS);

describe('hands-off <step> --help', () => {
  it('knows every step that has an action.yml', () => {
    expect(steps.sort()).toEqual([
      'bake-and-watch',
      'build-signature',
      'code-review-checklist',
      'one-box-deploy',
      'rollback',
      'stage',
      'window-guard',
    ]);
  });

  it.each(steps)(
    '%s --help lists every input of its action.yml with that description, the step’s default and an example',
    async (step) => {
      const run = await cli([step, '--help']);
      expect(run.code).toBe(0);
      expect(run.err).toBe('');
      const shown = entries(run.out);
      const defaults = new Map(STEPS[step]?.specs.map((spec) => [spec.name, spec.default]));
      for (const input of actionInputs(step)) {
        const entry = shown.get(input.name) ?? '';
        expect({ input: input.name, described: entry.includes(input.description) }).toEqual({
          input: input.name,
          described: true,
        });
        const byDefault = defaults.get(input.name) ?? '';
        if (byDefault !== '') expect(entry).toContain(`default: ${byDefault}`);
        else expect(entry).not.toContain('default:');
        expect(entry).toMatch(new RegExp(`example: --${input.name} \\S`));
      }
      // The CLI's own options come last, and nothing is listed that action.yml does not declare.
      // build-signature's own `output-dir` input is the CLI's option too: listed once, as the input.
      const names = actionInputs(step).map((input) => input.name);
      expect([...shown.keys()]).toEqual([
        ...names,
        ...(names.includes('output-dir') ? [] : ['output-dir']),
        'output-prefix',
      ]);
    },
  );

  it.each(steps)('%s accepts exactly the inputs of its action.yml as flags', (step) => {
    expect(STEPS[step]?.specs.map((spec) => spec.name)).toEqual(actionInputs(step).map((i) => i.name));
  });

  it('has an example for every input of every action.yml, and none for an input that does not exist', () => {
    const names = new Set(steps.flatMap((step) => actionInputs(step).map((input) => input.name)));
    expect([...names].filter((name) => INPUT_EXAMPLES[name] === undefined)).toEqual([]);
    const cliOptions = ['output-dir', 'output-prefix'];
    expect(
      Object.keys(INPUT_EXAMPLES).filter((name) => !names.has(name) && !cliOptions.includes(name)),
    ).toEqual([]);
  });

  it('shows a multi-word example quoted for a shell, and defaults as the step applies them', async () => {
    const guard = entries((await cli(['window-guard', '--help'])).out);
    expect(guard.get('allow')).toContain("example: --allow 'Mon-Thu 09:00-17:00'");
    expect(guard.get('mode')).toContain('default: enforce example: --mode dry-run');
    const deploy = entries((await cli(['one-box-deploy', '-h'])).out);
    expect(deploy.get('state-file')).toContain('default: .hands-off/command-target.json');
    expect(deploy.get('output-prefix')).toContain('default: ONE_BOX_DEPLOY');
  });

  it('-h, --help and `help <step>` print the same text to stdout, exit 0, wherever the flag is', async () => {
    const long = await cli(['rollback', '--help']);
    for (const args of [
      ['rollback', '-h'],
      ['help', 'rollback'],
      ['rollback', '--to', 'v1', '--help'],
    ]) {
      const run = await cli(args);
      expect({ args, code: run.code, err: run.err }).toEqual({ args, code: 0, err: '' });
      expect(run.out).toBe(long.out);
    }
  });
});

describe('hands-off --help', () => {
  it.each([['--help'], ['-h'], ['help']])(
    '%s prints the usage with every step to stdout, exit 0',
    async (flag) => {
      const run = await cli([flag]);
      expect(run.code).toBe(0);
      expect(run.err).toBe('');
      expect(run.out).toMatch(/^usage: hands-off <step>/);
      for (const step of steps) expect(run.out).toMatch(new RegExp(`^ {2}${step} +\\S`, 'm'));
      expect(run.out).toContain('hands-off <step> --help');
      expect(run.out).toContain('hands-off demo');
    },
  );

  it.each([['--help'], ['-h']])(
    'demo %s describes the demo on stdout, exit 0, and runs nothing',
    async (flag) => {
      const run = await cli(['demo', flag]);
      expect(run.code).toBe(0);
      expect(run.err).toBe('');
      expect(run.out).toMatch(/^usage: hands-off demo /);
      expect(run.out).toContain('--good');
      expect(run.out).not.toContain('━━');
    },
  );
});
