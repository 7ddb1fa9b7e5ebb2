import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ConfigError, loadConfig } from '@hands-off/core';
import {
  activeItems,
  checklistOf,
  DEFAULT_CHECKLIST,
  evaluateChecklist,
  MAX_STATUS_DESCRIPTION,
  parseChecklist,
  type ItemState,
} from '../../packages/core/src/checklist/checklist-model.js';

const done: ItemState = { kind: 'task', mark: 'done', reason: '' };
const na = (reason: string): ItemState => ({ kind: 'task', mark: 'na', reason });
const field = (text: string): ItemState => ({ kind: 'field', text });

const MIGRATIONS = parseChecklist(
  {
    sections: [
      {
        title: 'Testing',
        items: [
          { id: 'tests-added', label: 'New unit and integration tests cover the change' },
          { id: 'test-commands', label: 'Commands you ran to test this change', kind: 'field' },
          {
            id: 'migration-safe',
            label: 'The migration is backwards compatible',
            when: ['db/migrations/**'],
          },
        ],
      },
      { title: 'Monitoring', items: [{ id: 'alarms-cover', label: 'Covered by existing alarms', na: true }] },
      { title: 'Extras', items: [{ id: 'docs', label: 'Docs updated', required: false }] },
    ],
  },
  'hands-off.yml',
);

describe('the checklist model: which items apply, and when the checklist is complete', () => {
  it('the default checklist has the Testing / Monitoring / Rollout items, one field, N/A where the issue allows it', () => {
    expect(DEFAULT_CHECKLIST.sections.map((section) => section.title)).toEqual([
      'Testing',
      'Monitoring',
      'Rollout',
    ]);
    const items = DEFAULT_CHECKLIST.sections.flatMap((section) => section.items);
    expect(items.filter((entry) => entry.kind === 'field').map((entry) => entry.id)).toEqual([
      'test-commands',
    ]);
    expect(items.filter((entry) => entry.na).map((entry) => entry.id)).toEqual([
      'alarms-cover',
      'limits-unaffected',
      'no-new-alarms-needed',
      'dependencies-deployed',
    ]);
    // parseChecklist accepts the default as written in a config file.
    expect(parseChecklist(JSON.parse(JSON.stringify(DEFAULT_CHECKLIST)), 'x')).toEqual(DEFAULT_CHECKLIST);
  });

  it('an item with `when` applies only when a changed file matches its glob (dotfiles too)', () => {
    const ids = (files: string[]) => activeItems(MIGRATIONS, files).map((entry) => entry.id);
    expect(ids(['src/app.ts'])).not.toContain('migration-safe');
    expect(ids(['db/migrations/0042_add_index.sql'])).toContain('migration-safe');
    expect(ids(['db/migrations/.keep'])).toContain('migration-safe');
    expect(ids(['db/migrations-old/1.sql', 'src/db/migrations/1.sql'])).not.toContain('migration-safe');
  });

  it('pending while a required item is open or a required field empty; success when done; failure on an invalid N/A', () => {
    const files = ['db/migrations/1.sql'];
    const evaluate = (states: [string, ItemState][]) => evaluateChecklist(MIGRATIONS, files, new Map(states));
    const none = evaluate([]);
    expect(none).toEqual(
      expect.objectContaining({
        status: 'pending',
        complete: false,
        missing: ['tests-added', 'test-commands', 'migration-safe', 'alarms-cover'],
      }),
    );
    expect(none.description).toBe('4 open: tests-added, test-commands, migration-safe, alarms-cover');
    const all: [string, ItemState][] = [
      ['tests-added', done],
      ['test-commands', field('npm test')],
      ['migration-safe', done],
      ['alarms-cover', na('the change adds no new path')],
    ];
    expect(evaluate(all)).toEqual(
      expect.objectContaining({
        status: 'success',
        complete: true,
        missing: [],
        description: 'checklist complete',
      }),
    );
    // A blank field is empty; the optional item may stay open.
    expect(
      evaluate([...all.slice(0, 1), ['test-commands', field('  \n ')], ...all.slice(2)]).missing,
    ).toEqual(['test-commands']);
    // N/A without a reason, and N/A on an item that does not allow it, fail, even on an optional item.
    const noReason = evaluate([...all.slice(0, 3), ['alarms-cover', na(' ')]]);
    expect(noReason).toEqual(expect.objectContaining({ status: 'failure', invalid: ['alarms-cover'] }));
    const notAllowed = evaluate([...all, ['tests-added', na('no time')], ['docs', na('none')]]);
    expect(notAllowed.status).toBe('failure');
    expect(notAllowed.invalid).toEqual(['tests-added', 'docs']);
    expect(notAllowed.description).toBe('2 invalid N/A: tests-added, docs');
  });

  it('the status description is at most 140 characters, whatever the ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,63}$/), { minLength: 1, maxLength: 40 }),
        (ids) => {
          const checklist = parseChecklist(
            { sections: [{ title: 'T', items: ids.map((id) => ({ id, label: `label ${id}` })) }] },
            'x',
          );
          const evaluation = evaluateChecklist(checklist, [], new Map());
          expect(evaluation.description.length).toBeLessThanOrEqual(MAX_STATUS_DESCRIPTION);
          expect(evaluation.description.startsWith(`${ids.length} open: `)).toBe(true);
          expect(evaluation.missing).toEqual(ids);
        },
      ),
    );
  });

  it.each([
    [{}, 'needs `sections`'],
    [{ sections: [{ title: 'T', items: [] }] }, 'has no items'],
    [{ sections: [{ title: 'T', items: [{ id: 'A', label: 'x' }] }] }, 'id must be lowercase'],
    [
      {
        sections: [
          {
            title: 'T',
            items: [
              { id: 'a', label: 'x' },
              { id: 'a', label: 'y' },
            ],
          },
        ],
      },
      'id `a` is used twice',
    ],
    [{ sections: [{ title: 'T', items: [{ id: 'a', label: 'x <!-- y -->' }] }] }, 'label may not hold'],
    [{ sections: [{ title: 'T', items: [{ id: 'a', label: 'two\nlines' }] }] }, 'label must be one line'],
    [
      { sections: [{ title: 'T', items: [{ id: 'a', label: 'x', when: 'db/**' }] }] },
      'when must be a list of globs',
    ],
    [{ sections: [{ title: 'T', items: [{ id: 'a', label: 'x', kind: 'radio' }] }] }, 'kind must be'],
    [{ sections: [{ title: 'T', items: [{ id: 'a', label: 'x', na: 'yes' }] }] }, 'na must be true or false'],
  ])('refuses a bad checklist with one line naming the item: %j', (value, problem) => {
    expect(() => parseChecklist(value, 'config file hands-off.yml')).toThrow(ConfigError);
    expect(() => parseChecklist(value, 'config file hands-off.yml')).toThrow(problem);
  });

  it('comes from the config file: `defaults` or an environment entry, replaced whole through `extends`', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'checklist-config-'));
    writeFileSync(
      join(workspace, 'hands-off.yml'),
      [
        'defaults:',
        '  checklist:',
        '    sections:',
        '      - title: Testing',
        '        items:',
        '          - { id: tests-added, label: Tests cover the change }',
        'environments:',
        '  staging: {}',
        '  production:',
        '    checklist:',
        '      sections:',
        '        - title: Rollout',
        '          items:',
        "            - { id: migration-safe, label: Migration is backwards compatible, when: ['db/migrations/**'] }",
        '  production-eu:',
        '    extends: production',
        '',
      ].join('\n'),
    );
    const ids = async (environment: string) =>
      checklistOf(await loadConfig(workspace, '', environment)).sections.flatMap((s) =>
        s.items.map((i) => i.id),
      );
    expect(await ids('staging')).toEqual(['tests-added']);
    expect(await ids('production')).toEqual(['migration-safe']);
    expect(await ids('production-eu')).toEqual(['migration-safe']);
    // No checklist anywhere: the default.
    const bare = mkdtempSync(join(tmpdir(), 'checklist-config-'));
    writeFileSync(join(bare, 'hands-off.yml'), 'environments:\n  production: {}\n');
    expect(checklistOf(await loadConfig(bare, '', 'production'))).toBe(DEFAULT_CHECKLIST);
    // The schema refuses an unknown item field with the file and the place named.
    writeFileSync(
      join(bare, 'hands-off.yml'),
      'defaults:\n  checklist:\n    sections:\n      - title: T\n        items:\n          - { id: a, label: x, colour: red }\n',
    );
    await expect(loadConfig(bare, '', '')).rejects.toThrow(
      /hands-off\.yml: defaults\.checklist\.sections\.0\.items\.0 must NOT have additional properties `colour`/,
    );
  });
});
