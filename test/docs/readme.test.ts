import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../support/run-action.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const STEPS = readdirSync(join(ROOT, 'actions')).sort();

/** Input names of actions/<step>/action.yml. */
function inputsOf(step: string): string[] {
  const action = parse(readFileSync(join(ROOT, 'actions', step, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>;
  };
  return Object.keys(action.inputs ?? {});
}

/** Output names of actions/<step>/action.yml. */
function outputsOf(step: string): string[] {
  const action = parse(readFileSync(join(ROOT, 'actions', step, 'action.yml'), 'utf8')) as {
    outputs?: Record<string, unknown>;
  };
  return Object.keys(action.outputs ?? {});
}

/** Every `uses: .../actions/<step>@...` step with its `with:` keys, from the YAML blocks of a Markdown text. */
function actionUses(markdown: string): { step: string; inputs: string[] }[] {
  const uses: { step: string; inputs: string[] }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const match = typeof record.uses === 'string' ? /\/actions\/([a-z-]+)@/.exec(record.uses) : null;
      if (match) {
        const withKeys = record.with && typeof record.with === 'object' ? Object.keys(record.with) : [];
        uses.push({ step: match[1] as string, inputs: withKeys });
      }
      Object.values(record).forEach(visit);
    }
  };
  for (const [, block] of markdown.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    for (const document of parseAllDocuments(block as string)) visit(document.toJS());
  }
  return uses;
}

describe('README.md', () => {
  it('every action a YAML example uses exists, with only inputs its action.yml declares', () => {
    const documents = [
      README,
      ...STEPS.map((step) => readFileSync(join(ROOT, 'actions', step, 'README.md'), 'utf8')),
    ];
    const uses = documents.flatMap(actionUses);
    expect(uses.length).toBeGreaterThan(10);
    for (const use of uses) {
      expect({ step: use.step, exists: STEPS.includes(use.step) }).toEqual({ step: use.step, exists: true });
      const declared = inputsOf(use.step);
      expect({ step: use.step, unknown: use.inputs.filter((name) => !declared.includes(name)) }).toEqual({
        step: use.step,
        unknown: [],
      });
    }
  });

  it("every input named in a step section's inputs table is an input of that step", () => {
    const section = README.split(/^## /m).find((part) => part.startsWith('window-guard\n')) ?? '';
    const table = section.split(/^### Inputs$/m)[1]?.split(/^### /m)[0] ?? '';
    const named = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !inputsOf('window-guard').includes(name as string))).toEqual([]);
  });

  it('links to each action README, and each lists every input and output of its action.yml', () => {
    for (const step of STEPS) {
      expect(README).toContain(`(actions/${step}/README.md)`);
      const readme = readFileSync(join(ROOT, 'actions', step, 'README.md'), 'utf8');
      for (const name of [...inputsOf(step), ...outputsOf(step)]) {
        expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
      }
    }
  });

  it('no shipped step, component or record is called planned', () => {
    const shipped = [...STEPS, 'GitLab component', 'Deployment record', 'rollback step'];
    const files = [
      'README.md',
      ...STEPS.flatMap((step) => [`actions/${step}/README.md`, `actions/${step}/action.yml`]),
      ...readdirSync(join(ROOT, 'templates')).map((file) => `templates/${file}`),
      ...['github', 'gitlab'].flatMap((dir) =>
        readdirSync(join(ROOT, 'examples', dir)).map((file) => `examples/${dir}/${file}`),
      ),
    ];
    const offending: string[] = [];
    for (const file of files) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (/planned/i.test(line) && shipped.some((name) => line.includes(name))) {
            offending.push(`${file}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offending).toEqual([]);
  });

  it('every relative link resolves to a file in the repository and in the npm package', () => {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    ) as [{ files: { path: string }[] }];
    const files = packed[0].files.map((file) => file.path);
    const links = [...README.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      expect({ link, exists: existsSync(join(ROOT, link)) }).toEqual({ link, exists: true });
      const target = link.replace(/\/$/, '');
      expect({
        link,
        packed: files.some((file) => file === target || file.startsWith(`${target}/`)),
      }).toEqual({
        link,
        packed: true,
      });
    }
  });
});
