import { describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, runStep, windowGuardStep } from '@hands-off/core';
import { resolveBlock, resolveConfig } from '../../packages/core/src/config/config-file.js';
import { memoryRuntime } from '../support/memory-runtime.js';

/** Production closes on Friday afternoons; the defaults alone (no windows, no deny) would open. */
const CONFIG = `
defaults:
  timezone: Europe/Berlin
environments:
  production:
    allow:
      - Mon-Thu 09:00-17:00
    deny:
      - Fri 14:00-24:00
`;

/** Friday 2026-11-27 15:00 in Berlin: production is closed. */
const FRIDAY_AFTERNOON = '2026-11-27T14:00:00Z';

/** Names every plain object answers through its prototype. */
const PROTOTYPE_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];

function workspace(text = CONFIG): string {
  const runtime = memoryRuntime();
  mkdirSync(join(runtime.context.workspace, '.github'), { recursive: true });
  writeFileSync(join(runtime.context.workspace, '.github/hands-off.yml'), text);
  return runtime.context.workspace;
}

async function guard(ws: string, environment: string) {
  const runtime = memoryRuntime({ environment, at: FRIDAY_AFTERNOON }, { workspace: ws });
  const exitCode = await runStep(windowGuardStep(), runtime);
  return {
    exitCode,
    open: runtime.outputs.get('open'),
    errors: runtime.lines.filter((l) => l.level === 'error').map((l) => l.text),
  };
}

describe('config file environments are looked up as own entries only', () => {
  it('production closes the guard on a Friday afternoon (the baseline the other cases must not beat)', async () => {
    expect(await guard(workspace(), 'production')).toMatchObject({
      exitCode: ExitCode.Refused,
      open: 'false',
    });
  });

  it.each(PROTOTYPE_NAMES)(
    'window-guard refuses `environment: %s` as unknown and never opens where production closes',
    async (name) => {
      const result = await guard(workspace(), name);
      expect(result.exitCode).toBe(ExitCode.Error);
      expect(result.open).toBeUndefined();
      expect(result.errors).toEqual([
        `window-guard: input \`environment\`: \`${name}\` is not in .github/hands-off.yml (it has: production); example of a valid value: \`production\``,
      ]);
    },
  );

  it.each(PROTOTYPE_NAMES)('`extends: %s` is refused as an unknown environment', (name) => {
    const config = { environments: { production: { extends: name, deny: 'Fri 14:00-24:00' } } };
    expect(() => resolveConfig('hands-off.yml', config, 'production')).toThrow(
      `config file hands-off.yml: environment \`production\` extends unknown \`${name}\``,
    );
  });

  it('an environment really named `constructor` in the file is found and applied', async () => {
    const ws = workspace(CONFIG.replace('production:', 'constructor:'));
    expect(await guard(ws, 'constructor')).toMatchObject({ exitCode: ExitCode.Refused, open: 'false' });
  });

  it('a file without `environments` refuses every name, prototype names included', () => {
    for (const name of ['production', ...PROTOTYPE_NAMES]) {
      expect(() => resolveConfig('hands-off.yml', { defaults: { timezone: 'UTC' } }, name)).toThrow(
        `input \`environment\`: \`${name}\` is not in hands-off.yml (it has: no environments)`,
      );
    }
  });
});

describe('the gate block (`gate`, `gate.after`)', () => {
  const raw = {
    defaults: { timezone: 'UTC', gate: { allow: 'Mon 09:00-10:00' } },
    environments: {
      base: {
        allow: 'Tue 09:00-10:00',
        gate: { after: { environment: 'canary', bake: '1h', 'no-data': 'fail' } },
      },
      production: {
        extends: 'base',
        deny: 'Fri 14:00-24:00',
        gate: { 'require-reviewed': true, after: { environment: 'staging', bake: '12h' } },
      },
    },
  };

  it('wins over the entry whichever entry of the extends chain each comes from, and keeps its after block apart', () => {
    const gate = resolveConfig('hands-off.yml', raw, 'production', 'gate');
    expect(gate.values.allow).toBe('Mon 09:00-10:00');
    expect(gate.values.deny).toBe('Fri 14:00-24:00');
    expect(gate.values['require-reviewed']).toBe('true');
    expect(gate.values).not.toHaveProperty('after');
    expect(gate.values).not.toHaveProperty('gate');
    // Without the phase the block is not applied: a step run on its own keeps the entry's settings.
    expect(resolveConfig('hands-off.yml', raw, 'production').values.allow).toBe('Tue 09:00-10:00');
  });

  it('merges the after block across extends, the environment’s own winning', () => {
    expect(resolveBlock('hands-off.yml', raw, 'production', ['gate', 'after'])).toEqual({
      environment: 'staging',
      bake: '12h',
      'no-data': 'fail',
    });
    expect(resolveBlock('hands-off.yml', raw, 'base', ['gate', 'after']).environment).toBe('canary');
  });
});
