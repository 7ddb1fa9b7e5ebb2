import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  CHECKLIST_END,
  CHECKLIST_START,
  readChecklist,
  renderChecklistBlock,
  updateChecklistBody,
  UnreadableMarkdownError,
} from '../../packages/core/src/checklist/checklist-markdown.js';
import {
  DEFAULT_CHECKLIST,
  evaluateChecklist,
  type Checklist,
  type ChecklistItem,
  type ItemState,
} from '../../packages/core/src/checklist/checklist-model.js';

const NONE: ReadonlyMap<string, ItemState> = new Map();

const open = (): ItemState => ({ kind: 'task', mark: 'open', reason: '' });
const done = (): ItemState => ({ kind: 'task', mark: 'done', reason: '' });
const na = (reason: string): ItemState => ({ kind: 'task', mark: 'na', reason });
const field = (text: string): ItemState => ({ kind: 'field', text });

/** Map → plain object, for readable diffs (ids never are `__proto__`). */
const plain = (states: ReadonlyMap<string, ItemState>): Record<string, ItemState> =>
  Object.fromEntries(states);

const item = (id: string, label: string, extra: Partial<ChecklistItem> = {}): ChecklistItem => ({
  id,
  label,
  required: true,
  when: [],
  na: false,
  kind: 'task',
  ...extra,
});

/** The default checklist rendered with nothing done: the public format, pinned. */
const DEFAULT_BLOCK = [
  '<!-- hands-off:checklist:start -->',
  '',
  '### Testing',
  '',
  '- [ ] New unit and integration tests cover the change <!-- id:tests-added -->',
  '',
  '**Commands you ran to test this change:** <!-- id:test-commands -->',
  '```text',
  '```',
  '',
  '### Monitoring',
  '',
  '- [ ] Covered by existing alarms <!-- id:alarms-cover -->',
  '- [ ] No effect on limits (throttling, quotas, capacity) <!-- id:limits-unaffected -->',
  '- [ ] Deployable without new alarms <!-- id:no-new-alarms-needed -->',
  '',
  '### Rollout',
  '',
  '- [ ] Can be merged at once <!-- id:merge-now -->',
  '- [ ] Dependencies are already in production <!-- id:dependencies-deployed -->',
  '- [ ] Can be rolled back safely <!-- id:rollback-safe -->',
  '',
  '<!-- hands-off:checklist:end -->',
].join('\n');

// --- What a person does to the rendered text, line by line, in a browser. ---

/** The index of the line holding an item's id comment. */
function lineOf(lines: readonly string[], id: string): number {
  const index = lines.findIndex((line) => line.includes(`<!-- id:${id} -->`));
  if (index < 0) throw new Error(`no line for ${id}`);
  return index;
}

function editLine(body: string, id: string, change: (line: string) => string): string {
  const lines = body.split('\n');
  const index = lineOf(lines, id);
  lines[index] = change(lines[index] as string);
  return lines.join('\n');
}

const SEPARATORS = [' — N/A: ', ' - N/A: ', ' -- N/A: '] as const;

type Edit =
  | { readonly type: 'none' }
  | { readonly type: 'tick'; readonly upper: boolean }
  | { readonly type: 'tilde'; readonly reason: string }
  | { readonly type: 'struck'; readonly reason: string; readonly separator: (typeof SEPARATORS)[number] }
  | { readonly type: 'fill'; readonly text: string };

/** Applies one edit the way a person would, and says what the reader must then see. */
function applyEdit(body: string, entry: ChecklistItem, edit: Edit): { body: string; expected: ItemState } {
  switch (edit.type) {
    case 'none':
      return { body, expected: entry.kind === 'task' ? open() : field('') };
    case 'tick':
      return {
        body: editLine(body, entry.id, (line) => line.replace('- [ ]', edit.upper ? '- [X]' : '- [x]')),
        expected: done(),
      };
    case 'tilde':
      return {
        body: editLine(body, entry.id, (line) =>
          line.replace(`- [ ] ${entry.label} `, `- [~] ${entry.label} — N/A: ${edit.reason} `),
        ),
        expected: na(edit.reason.trim()),
      };
    case 'struck':
      return {
        body: editLine(body, entry.id, (line) =>
          line.replace(`- [ ] ${entry.label} `, `- [ ] ~~${entry.label}~~${edit.separator}${edit.reason} `),
        ),
        expected: na(edit.reason.trim()),
      };
    case 'fill': {
      const lines = body.split('\n');
      const index = lineOf(lines, entry.id);
      expect(lines[index + 1]).toBe('```text');
      lines.splice(index + 2, 0, edit.text);
      return { body: lines.join('\n'), expected: field(edit.text) };
    }
  }
}

// --- Arbitraries. ---

const EMOJI = ['🚀', '✅', '🔥', '👍🏽', '🇩🇪', '🧪', 'é', 'ß', '日本'] as const;
/** Words of labels and reasons: text a config or a person writes, with emoji. */
const word = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9.,;:'?()]{0,8}$/), fc.constantFrom(...EMOJI));
const phrase = (maxWords: number): fc.Arbitrary<string> =>
  fc.array(word, { minLength: 1, maxLength: maxWords }).map((words) => words.join(' '));
/** Field text: lines a person types into the fenced block (none of them a fence). */
const fieldText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[ a-zA-Z0-9$_.=|"'`/-]{0,30}$/),
      fc.constantFrom('npm test -- test/checklist', '  indented', '', '   ', '🚀 deploy `x`'),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((lines) => lines.join('\n'))
  .filter((text) => text !== '' && !/^ {0,3}(`{3,}|~{3,})/m.test(text));
const reason = fc.oneof(phrase(6), fc.constant(''), fc.constant('  '));

const taskEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>({ type: 'none' }),
  fc.boolean().map((upper): Edit => ({ type: 'tick', upper })),
  reason.map((text): Edit => ({ type: 'tilde', reason: text })),
  fc
    .tuple(reason, fc.constantFrom(...SEPARATORS))
    .map(([text, separator]): Edit => ({ type: 'struck', reason: text, separator })),
);
const fieldEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.constant<Edit>({ type: 'none' }),
  fieldText.map((text): Edit => ({ type: 'fill', text })),
);

const itemArbitrary = (id: string): fc.Arbitrary<ChecklistItem> =>
  fc
    .record({
      label: phrase(8),
      kind: fc.constantFrom('task' as const, 'task' as const, 'field' as const),
      na: fc.boolean(),
      required: fc.boolean(),
    })
    .map(({ label, kind, na: allowed, required }) => item(id, label, { kind, na: allowed, required }));

const checklistArbitrary: fc.Arbitrary<Checklist> = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/), { minLength: 1, maxLength: 9 })
  .chain((ids) =>
    fc.tuple(fc.tuple(...ids.map(itemArbitrary)), fc.array(phrase(3), { minLength: 3, maxLength: 3 })),
  )
  .map(([items, titles]) => {
    // Up to three sections, each with at least one item.
    const sections = titles
      .map((title, s) => ({ title, items: items.filter((_, i) => i % titles.length === s) }))
      .filter((section) => section.items.length > 0);
    return { sections };
  });

/** A checklist with an edit for each of its items. */
const editedChecklist = (checklist: fc.Arbitrary<Checklist>): fc.Arbitrary<[Checklist, Edit[]]> =>
  checklist.chain((list) => {
    const items = list.sections.flatMap((section) => section.items);
    return fc.tuple(
      fc.constant(list),
      fc.tuple(...items.map((entry) => (entry.kind === 'task' ? taskEdit : fieldEdit))),
    );
  });

/** Renders, edits, and checks that the reader and the updater see exactly the edits. */
function checkRoundTrip(checklist: Checklist, edits: readonly Edit[], prefix: string): void {
  const items = checklist.sections.flatMap((section) => section.items);
  let body = prefix + renderChecklistBlock(checklist, [], NONE);
  const expected = new Map<string, ItemState>();
  items.forEach((entry, i) => {
    const applied = applyEdit(body, entry, edits[i] as Edit);
    body = applied.body;
    expected.set(entry.id, applied.expected);
  });
  const reading = readChecklist(body);
  expect(reading.found).toBe(true);
  expect(plain(reading.states)).toEqual(plain(expected));
  expect(reading.kept.size).toBe(0);

  const updated = updateChecklistBody(body, checklist, []);
  expect(updated.body.startsWith(prefix)).toBe(true);
  expect(plain(readChecklist(updated.body).states)).toEqual(plain(expected));
  // The evaluation cannot tell the edited body from the updated one.
  expect(evaluateChecklist(checklist, [], readChecklist(updated.body).states)).toEqual(
    evaluateChecklist(checklist, [], expected),
  );
  const again = updateChecklistBody(updated.body, checklist, []);
  expect(again).toEqual({ body: updated.body, changed: false });
}

describe('rendering', () => {
  it('renders the default checklist in the pinned format', () => {
    expect(CHECKLIST_START).toBe('<!-- hands-off:checklist:start -->');
    expect(CHECKLIST_END).toBe('<!-- hands-off:checklist:end -->');
    expect(renderChecklistBlock(DEFAULT_CHECKLIST, [], NONE)).toBe(DEFAULT_BLOCK);
  });

  it('renders done, N/A and filled states, and reads them back', () => {
    const states = new Map<string, ItemState>([
      ['tests-added', done()],
      ['test-commands', field('npm test\nnpm run lint')],
      ['alarms-cover', na('no new code paths')],
      ['limits-unaffected', na('')],
    ]);
    const block = renderChecklistBlock(DEFAULT_CHECKLIST, [], states);
    expect(block).toContain(
      '- [x] New unit and integration tests cover the change <!-- id:tests-added -->\n',
    );
    expect(block).toContain(
      '**Commands you ran to test this change:** <!-- id:test-commands -->\n```text\nnpm test\nnpm run lint\n```\n',
    );
    expect(block).toContain(
      '- [~] Covered by existing alarms — N/A: no new code paths <!-- id:alarms-cover -->\n',
    );
    expect(block).toContain(
      '- [~] No effect on limits (throttling, quotas, capacity) — N/A: <!-- id:limits-unaffected -->\n',
    );
    expect(block).not.toContain('\r');
    const read = readChecklist(block).states;
    expect(plain(read)).toEqual({
      ...plain(states),
      'no-new-alarms-needed': open(),
      'merge-now': open(),
      'dependencies-deployed': open(),
      'rollback-safe': open(),
    });
  });

  it('fences field text with more backticks than any run in it', () => {
    const text = 'run:\n```sh\nnpm test\n```\nand ```` too';
    const block = renderChecklistBlock(DEFAULT_CHECKLIST, [], new Map([['test-commands', field(text)]]));
    expect(block).toContain('`````text\nrun:\n```sh');
    expect(readChecklist(block).states.get('test-commands')).toEqual(field(text));
  });

  it('keeps a reason on one line and never lets it swallow the id comment', () => {
    const block = renderChecklistBlock(
      DEFAULT_CHECKLIST,
      [],
      new Map([['alarms-cover', na('see\n<!-- the runbook\nplease')]]),
    );
    const read = readChecklist(block).states.get('alarms-cover');
    expect(read).toEqual(na('see <!\\-- the runbook please'));
    expect(renderChecklistBlock(DEFAULT_CHECKLIST, [], readChecklist(block).states)).toBe(block);
  });
});

describe('round trip (property)', () => {
  it('reads exactly the ticks, N/As and fields a person makes in the default checklist', () => {
    fc.assert(
      fc.property(editedChecklist(fc.constant(DEFAULT_CHECKLIST)), ([checklist, edits]) => {
        checkRoundTrip(checklist, edits, '');
      }),
      { numRuns: 150 },
    );
  });

  it('reads exactly the edits in generated checklists (emoji, fields, N/A), after the author text', () => {
    fc.assert(
      fc.property(
        editedChecklist(checklistArbitrary),
        fc.constantFrom('', 'Fixes #12.\n\n', 'Intro 🚀\n\n## Notes\n\nSome *text*.\n\n'),
        ([checklist, edits], prefix) => {
          checkRoundTrip(checklist, edits, prefix);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps any state through render → read → render (idempotent)', () => {
    const stateFor = (entry: ChecklistItem): fc.Arbitrary<ItemState> =>
      entry.kind === 'field'
        ? fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => field(text))
        : fc.oneof(
            fc.constant(open()),
            fc.constant(done()),
            phrase(5).map((text) => na(text)),
          );
    fc.assert(
      fc.property(
        checklistArbitrary.chain((list) => {
          const items = list.sections.flatMap((section) => section.items);
          return fc.tuple(fc.constant(list), fc.tuple(...items.map(stateFor)), fc.constant(items));
        }),
        ([checklist, states, items]) => {
          const given = new Map(items.map((entry, i) => [entry.id, states[i] as ItemState]));
          const block = renderChecklistBlock(checklist, [], given);
          const read = readChecklist(block).states;
          expect(plain(read)).toEqual(
            Object.fromEntries(
              [...given].map(([id, state]) => [
                id,
                state.kind === 'field' ? field(state.text.replace(/\r\n?/g, '\n')) : state,
              ]),
            ),
          );
          expect(renderChecklistBlock(checklist, [], read)).toBe(block);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A body around a block of the default checklist, with some lines replaced. */
function defaultBody(change: (lines: string[]) => string[]): string {
  return change(DEFAULT_BLOCK.split('\n')).join('\n');
}
const replaceItem = (id: string, replacement: string) => (lines: string[]) =>
  lines.map((line) => (line.includes(`<!-- id:${id} -->`) ? replacement : line));
const beforeEnd =
  (...extra: string[]) =>
  (lines: string[]) => [...lines.slice(0, -1), ...extra, ...lines.slice(-1)];

describe('tricky Markdown', () => {
  const PADDING = 'Some text outside the block, with `- [x]` and <!-- id:merge-now --> in it.\n';
  const longBody = (() => {
    const block = defaultBody(replaceItem('merge-now', '- [x] Can be merged at once <!-- id:merge-now -->'));
    const outside = 65_536 - block.length - 2;
    return PADDING.repeat(Math.ceil(outside / PADDING.length)).slice(0, outside) + '\n\n' + block;
  })();

  const cases: readonly {
    readonly name: string;
    readonly body: string;
    readonly found?: boolean;
    readonly states: Readonly<Record<string, ItemState>>;
  }[] = [
    {
      name: 'task lines and fake markers in a code fence',
      body: [
        CHECKLIST_START,
        '```markdown',
        '- [x] Tests <!-- id:tests-added -->',
        CHECKLIST_END,
        '- [x] Merge <!-- id:merge-now -->',
        '```',
        '~~~',
        '- [x] Rollback <!-- id:rollback-safe -->',
        '~~~',
        '    - [x] Indented code <!-- id:alarms-cover -->',
        '',
        '- [ ] Tests <!-- id:tests-added -->',
        CHECKLIST_END,
        '- [x] After the block <!-- id:merge-now -->',
      ].join('\n'),
      states: { 'tests-added': open() },
    },
    {
      name: 'markers only inside code',
      body: ['```', CHECKLIST_START, '- [x] Tests <!-- id:tests-added -->', CHECKLIST_END, '```'].join('\n'),
      found: false,
      states: {},
    },
    {
      name: 'markers in the wrong order',
      body: [CHECKLIST_END, '', '- [x] Tests <!-- id:tests-added -->', '', CHECKLIST_START].join('\n'),
      found: false,
      states: {},
    },
    {
      name: 'markers as inline code',
      body: `\`${CHECKLIST_START}\`\n\n- [x] Tests <!-- id:tests-added -->\n\n\`${CHECKLIST_END}\``,
      found: false,
      states: {},
    },
    {
      name: 'a tick in inline code',
      body: defaultBody(
        replaceItem(
          'tests-added',
          '- [ ] New tests `- [x]` and `[x] <!-- id:merge-now -->` <!-- id:tests-added -->',
        ),
      ),
      states: { ...plain(readChecklist(DEFAULT_BLOCK).states), 'tests-added': open() },
    },
    {
      name: 'an HTML comment hiding ticked lines',
      body: defaultBody((lines) => [
        ...lines.slice(0, 1),
        '<!--',
        '- [x] Tests <!-- id:tests-added',
        '-->',
        '<!-- - [x] Merge <!-- id:merge-now --> -->',
        ...lines.slice(1),
      ]),
      states: plain(readChecklist(DEFAULT_BLOCK).states),
    },
    {
      name: 'nested lists, `*`, `+`, numbered items and [X]',
      body: [
        CHECKLIST_START,
        '- [x] Tests <!-- id:tests-added -->',
        '  - [X] Alarms <!-- id:alarms-cover -->',
        '    1. [x] Limits <!-- id:limits-unaffected -->',
        '    2. [ ] Alarms needed <!-- id:no-new-alarms-needed -->',
        '',
        '* [x] Merge <!-- id:merge-now -->',
        '',
        '+ [X] Dependencies <!-- id:dependencies-deployed -->',
        '',
        '3) [x] Rollback <!-- id:rollback-safe -->',
        CHECKLIST_END,
      ].join('\n'),
      states: {
        'tests-added': done(),
        'alarms-cover': done(),
        'limits-unaffected': done(),
        'no-new-alarms-needed': open(),
        'merge-now': done(),
        'dependencies-deployed': done(),
        'rollback-safe': done(),
      },
    },
    {
      name: 'blockquoted items, and markers in a block quote',
      body: [
        `> ${CHECKLIST_START}`,
        '> - [x] Tests <!-- id:tests-added -->',
        '> > * [~] Alarms — N/A: quoted',
        '> >   reason <!-- id:alarms-cover -->',
        '> >',
        '> > **Commands:** <!-- id:test-commands -->',
        '> > ```text',
        '> > npm test',
        '> > ```',
        '',
        `> ${CHECKLIST_END}`,
      ].join('\n'),
      states: {
        'tests-added': done(),
        'alarms-cover': na('quoted reason'),
        'test-commands': field('npm test'),
      },
    },
    {
      name: 'a CRLF body',
      body: defaultBody((lines) =>
        replaceItem(
          'rollback-safe',
          '- [x] Can be rolled back safely <!-- id:rollback-safe -->',
        )(
          replaceItem(
            'alarms-cover',
            '- [~] Covered by existing alarms — N/A: none needed <!-- id:alarms-cover -->',
          )(lines.flatMap((line) => (line === '```text' ? [line, 'npm test', 'npm run e2e'] : [line]))),
        ),
      ).replaceAll('\n', '\r\n'),
      states: {
        ...plain(readChecklist(DEFAULT_BLOCK).states),
        'rollback-safe': done(),
        'alarms-cover': na('none needed'),
        'test-commands': field('npm test\nnpm run e2e'),
      },
    },
    {
      name: 'emoji labels and reasons',
      body: [
        CHECKLIST_START,
        '- [x] 🚀 Ship it 🇩🇪 <!-- id:merge-now -->',
        '- [~] 🔥 Alarms 👍🏽 — N/A: 日本 ✅ <!-- id:alarms-cover -->',
        CHECKLIST_END,
      ].join('\n'),
      states: { 'merge-now': done(), 'alarms-cover': na('日本 ✅') },
    },
    {
      name: 'a 65,536-character body',
      body: longBody,
      states: { ...plain(readChecklist(DEFAULT_BLOCK).states), 'merge-now': done() },
    },
    {
      name: 'id comments with and without spaces; the first occurrence wins',
      body: [
        CHECKLIST_START,
        '- [x] Tests <!--id:tests-added-->',
        '- [ ] Tests again <!-- id:tests-added -->',
        '- [x] Merge <!-- id: merge-now -->',
        '- [ ] Merge again <!-- id:merge-now -->',
        '- [x] No id',
        '- [x] Unknown <!-- id:not-in-the-checklist -->',
        CHECKLIST_END,
      ].join('\n'),
      states: { 'tests-added': done(), 'merge-now': done(), 'not-in-the-checklist': done() },
    },
    {
      name: 'a field is only the code block right after its paragraph',
      body: [
        CHECKLIST_START,
        '**Commands:** <!-- id:test-commands -->',
        '',
        'Some words first.',
        '',
        '```text',
        'npm test',
        '```',
        '',
        '- **In a list:** <!-- id:other-commands -->',
        '  ```',
        '  make check',
        '  ```',
        CHECKLIST_END,
      ].join('\n'),
      states: { 'other-commands': field('make check') },
    },
    {
      name: 'items outside the markers',
      body: [
        '- [x] Before <!-- id:tests-added -->',
        '',
        CHECKLIST_START,
        '- [ ] Inside <!-- id:tests-added -->',
        CHECKLIST_END,
        '',
        '- [x] After <!-- id:merge-now -->',
      ].join('\n'),
      states: { 'tests-added': open() },
    },
  ];

  it('the 65,536-character case is that long, with its text outside the block', () => {
    expect(longBody.length).toBe(65_536);
    expect(longBody.indexOf(CHECKLIST_START)).toBeGreaterThan(60_000);
  });

  it.each(cases)('$name', ({ body, found = true, states }) => {
    const reading = readChecklist(body);
    expect(reading.found).toBe(found);
    expect(plain(reading.states)).toEqual(states);
  });

  it.each(cases.filter((entry) => entry.found !== false))(
    '$name: updating keeps the states',
    ({ body, states }) => {
      const updated = updateChecklistBody(body, DEFAULT_CHECKLIST, []);
      const known = new Set(
        DEFAULT_CHECKLIST.sections.flatMap((section) => section.items.map((entry) => entry.id)),
      );
      const after = plain(readChecklist(updated.body).states);
      for (const [id, state] of Object.entries(states)) {
        if (known.has(id)) expect(after[id]).toEqual(state);
      }
      // Unknown ids are dropped; the block is there once.
      expect(updated.body).not.toContain('not-in-the-checklist');
      expect(updated.body.split(CHECKLIST_START)).toHaveLength(2);
      expect(updateChecklistBody(updated.body, DEFAULT_CHECKLIST, [])).toEqual({
        body: updated.body,
        changed: false,
      });
    },
  );
});

describe('pathological bodies', () => {
  it('reads a block after 32 nested `>` on a line (the most it takes)', () => {
    const block = editLine(DEFAULT_BLOCK, 'merge-now', (line) => line.replace('- [ ]', '- [x]'));
    const body = `${'>'.repeat(32)} deep\n\n${block}`;
    expect(readChecklist(body).states.get('merge-now')).toEqual(done());
    expect(updateChecklistBody(body, DEFAULT_CHECKLIST, [])).toEqual({ body, changed: false });
  });

  it.each([
    ['33 nested `>`', `${'>'.repeat(33)} deep`, /a line nests more than 32 quotes or lists/],
    ['65,536 nested `>` (the parser alone takes about 2 minutes)', '>'.repeat(65_536), /nests more than 32/],
    ['16,384 quotes of lists', '> - '.repeat(16_384), /nests more than 32/],
    [
      '21,000 unpaired `*a_` (about 75 s to parse)',
      '*a_'.repeat(21_000),
      /more than 4000 runs of `\*` or `_`/,
    ],
  ])(
    'refuses %s before parsing: reading and rewriting both throw UnreadableMarkdownError',
    (_name, text, why) => {
      const body = `${text}\n\n${DEFAULT_BLOCK}`;
      expect(() => readChecklist(body)).toThrow(UnreadableMarkdownError);
      expect(() => readChecklist(body)).toThrow(why);
      expect(() => updateChecklistBody(body, DEFAULT_CHECKLIST, [])).toThrow(UnreadableMarkdownError);
    },
  );

  it('still reads a body of 4,000 emphasis runs and 32-deep quotes on every line', () => {
    const body = `${'*a_'.repeat(2000)}\n${`${'>'.repeat(32)} a\n`.repeat(500)}\n${DEFAULT_BLOCK}`;
    expect(readChecklist(body).found).toBe(true);
  });
});

describe('N/A forms', () => {
  const withLine = (line: string): string => defaultBody(replaceItem('alarms-cover', line));
  const cases: readonly (readonly [string, ItemState])[] = [
    [
      '- [~] Covered by existing alarms — N/A: no new code paths <!-- id:alarms-cover -->',
      na('no new code paths'),
    ],
    ['- [ ] ~~Covered by existing alarms~~ — N/A: em dash <!-- id:alarms-cover -->', na('em dash')],
    ['- [ ] ~~Covered by existing alarms~~ - N/A: hyphen <!-- id:alarms-cover -->', na('hyphen')],
    ['- [ ] ~~Covered by existing alarms~~ -- N/A: two hyphens <!-- id:alarms-cover -->', na('two hyphens')],
    [
      '- [~] Covered by existing alarms - N/A: *kept* `as written` <!-- id:alarms-cover -->',
      na('*kept* `as written`'),
    ],
    ['- [~] Covered by existing alarms — N/A: <!-- id:alarms-cover -->', na('')],
    ['- [~] Covered by existing alarms <!-- id:alarms-cover -->', na('')],
    ['- [~] Covered by existing alarms — N/A:    <!-- id:alarms-cover -->', na('')],
    ['- [ ] ~~Covered by existing alarms~~ <!-- id:alarms-cover -->', na('')],
    ['- [ ] ~~Covered by existing alarms~~ — N/A: <!-- id:alarms-cover -->', na('')],
    // Not N/A: neither `[~]` nor a struck label.
    ['- [ ] Covered by existing alarms — N/A: not struck <!-- id:alarms-cover -->', open()],
    ['- [ ] ~~Covered~~ by existing alarms <!-- id:alarms-cover -->', open()],
    ['- [x] Covered by existing alarms — N/A: ticked <!-- id:alarms-cover -->', done()],
  ];

  it.each(cases)('%s', (line, expected) => {
    const body = withLine(line);
    expect(readChecklist(body).states.get('alarms-cover')).toEqual(expected);
    const updated = updateChecklistBody(body, DEFAULT_CHECKLIST, []);
    expect(readChecklist(updated.body).states.get('alarms-cover')).toEqual(expected);
    expect(updateChecklistBody(updated.body, DEFAULT_CHECKLIST, []).changed).toBe(false);
  });

  it('re-renders a struck N/A as `[~]`', () => {
    const body = withLine(
      '- [ ] ~~Covered by existing alarms~~ -- N/A: dashboards only <!-- id:alarms-cover -->',
    );
    expect(updateChecklistBody(body, DEFAULT_CHECKLIST, []).body).toContain(
      '- [~] Covered by existing alarms — N/A: dashboards only <!-- id:alarms-cover -->',
    );
  });

  it('an N/A without a reason fails the evaluation', () => {
    const states = readChecklist(
      withLine('- [~] Covered by existing alarms <!-- id:alarms-cover -->'),
    ).states;
    const evaluation = evaluateChecklist(DEFAULT_CHECKLIST, [], states);
    expect(evaluation.status).toBe('failure');
    expect(evaluation.invalid).toEqual(['alarms-cover']);
  });
});

describe('items that depend on the changed files', () => {
  const checklist: Checklist = {
    sections: [
      { title: 'Testing', items: [item('tests-added', 'Tests cover the change')] },
      {
        title: 'Database',
        items: [
          item('migration-safe', 'The migration is backward compatible', { when: ['db/migrations/**'] }),
          item('migration-plan', 'Migration plan', { when: ['db/migrations/**'], kind: 'field' }),
        ],
      },
    ],
  };
  const MIGRATION = ['db/migrations/0042_add_index.sql', 'src/app.ts'];
  const CODE = ['src/app.ts'];

  it('shows, hides (keeping the state) and brings back a ticked item', () => {
    const first = updateChecklistBody('Adds an index.', checklist, MIGRATION).body;
    expect(first).toContain('### Database');
    expect(first).toContain('- [ ] The migration is backward compatible <!-- id:migration-safe -->');

    const ticked = editLine(first, 'migration-safe', (line) => line.replace('- [ ]', '- [x]'));
    const hidden = updateChecklistBody(ticked, checklist, CODE);
    expect(hidden.changed).toBe(true);
    expect(hidden.body).not.toContain('id:migration-safe');
    expect(hidden.body).not.toContain('### Database');
    expect(hidden.body).toContain(
      '<!-- hands-off:checklist:kept {"migration-safe":{"kind":"task","mark":"done","reason":""}} -->\n' +
        CHECKLIST_END,
    );
    const reading = readChecklist(hidden.body);
    expect(plain(reading.states)).toEqual({ 'tests-added': open() });
    expect(plain(reading.kept)).toEqual({ 'migration-safe': done() });
    expect(updateChecklistBody(hidden.body, checklist, CODE).changed).toBe(false);

    const back = updateChecklistBody(hidden.body, checklist, MIGRATION);
    expect(back.body).toContain('- [x] The migration is backward compatible <!-- id:migration-safe -->');
    expect(back.body).not.toContain('hands-off:checklist:kept');
    expect(back.body).toBe(ticked);
  });

  it('keeps a field text that holds `-->`, `--` and `<!--` in the hidden comment', () => {
    const text = 'psql -- comment --> <!-- x\n--- done ---';
    const block = renderChecklistBlock(
      checklist,
      CODE,
      new Map<string, ItemState>([
        ['migration-plan', field(text)],
        ['migration-safe', na('no--risk')],
      ]),
    );
    const keptLine = block.split('\n').find((line) => line.includes('hands-off:checklist:kept')) as string;
    // `--` appears only in the comment's own delimiters.
    expect(keptLine.slice(4, -3)).not.toContain('--');
    expect(keptLine.slice(4, -3)).not.toMatch(/[<>]/);
    expect(keptLine).toContain('\\u002d\\u002d');
    const reading = readChecklist(block);
    expect(reading.kept.get('migration-plan')).toEqual(field(text));
    expect(reading.kept.get('migration-safe')).toEqual(na('no--risk'));
    const shown = renderChecklistBlock(checklist, MIGRATION, reading.kept);
    expect(readChecklist(shown).states.get('migration-plan')).toEqual(field(text));
  });

  it('does not keep states that say nothing, nor states of unknown ids', () => {
    const block = renderChecklistBlock(
      checklist,
      CODE,
      new Map<string, ItemState>([
        ['migration-safe', open()],
        ['migration-plan', field('')],
        ['gone', done()],
      ]),
    );
    expect(block).not.toContain('kept');
  });

  it('a state shown in the block wins over the kept one', () => {
    const hidden = renderChecklistBlock(checklist, CODE, new Map([['migration-safe', done()]]));
    const body = hidden.replace(
      '<!-- hands-off:checklist:kept',
      '- [ ] Unticked again <!-- id:migration-safe -->\n\n<!-- hands-off:checklist:kept',
    );
    const reading = readChecklist(body);
    expect(reading.states.get('migration-safe')).toEqual(open());
    expect(reading.kept.get('migration-safe')).toEqual(done());
    const updated = updateChecklistBody(body, checklist, MIGRATION).body;
    expect(readChecklist(updated).states.get('migration-safe')).toEqual(open());
  });

  it('ignores a malformed hidden comment', () => {
    const body = defaultBody(beforeEnd('<!-- hands-off:checklist:kept {"merge-now": oops} -->', ''));
    expect(readChecklist(body).kept.size).toBe(0);
    const fake = defaultBody(
      beforeEnd('<!-- hands-off:checklist:kept {"x":{"kind":"task","mark":"maybe"}} -->', ''),
    );
    expect(readChecklist(fake).kept.size).toBe(0);
  });
});

describe('the body around the block', () => {
  const ticks = (body: string): string =>
    editLine(body, 'merge-now', (line) => line.replace('- [ ]', '- [x]'));

  it('appends the block after a blank line, or is the block for an empty body', () => {
    const block = renderChecklistBlock(DEFAULT_CHECKLIST, [], NONE);
    expect(updateChecklistBody('', DEFAULT_CHECKLIST, [])).toEqual({ body: block, changed: true });
    expect(updateChecklistBody('Fixes #1', DEFAULT_CHECKLIST, []).body).toBe(`Fixes #1\n\n${block}`);
    expect(updateChecklistBody('Fixes #1\n', DEFAULT_CHECKLIST, []).body).toBe(`Fixes #1\n\n${block}`);
    expect(updateChecklistBody('Fixes #1\n\n', DEFAULT_CHECKLIST, []).body).toBe(`Fixes #1\n\n${block}`);
  });

  it('keeps the author text byte for byte, CRLF included, and never duplicates the block', () => {
    const before = 'Intro with *markdown*  \r\n\r\n- [x] a list of my own\r\n\r\n';
    const after = '\r\n\r\nTrailer 🚀\r\n```\r\ncode\r\n```\r\n';
    const body = before + ticks(DEFAULT_BLOCK).replaceAll('\n', '\r\n') + after;
    const updated = updateChecklistBody(body, DEFAULT_CHECKLIST, ['src/x.ts']);
    // The block takes the body's CRLF line endings: a browser-edited body does not change.
    expect(updated).toEqual({ body, changed: false });

    const lf = before + ticks(DEFAULT_BLOCK) + after;
    const mixed = updateChecklistBody(lf, DEFAULT_CHECKLIST, []);
    expect(mixed.body.startsWith(before)).toBe(true);
    expect(mixed.body.endsWith(after)).toBe(true);
    expect(mixed.body.split(CHECKLIST_START)).toHaveLength(2);
    expect(readChecklist(mixed.body).states.get('merge-now')).toEqual(done());

    const appended = updateChecklistBody('Hello\r\nWorld', DEFAULT_CHECKLIST, []).body;
    expect(appended.startsWith('Hello\r\nWorld\r\n\r\n<!-- hands-off:checklist:start -->\r\n')).toBe(true);
    expect(updateChecklistBody(appended, DEFAULT_CHECKLIST, [])).toEqual({ body: appended, changed: false });
  });

  it('updates a changed checklist in place, keeping ticks by id', () => {
    const body = `Before\n\n${ticks(DEFAULT_BLOCK)}\n\nAfter`;
    const renamed: Checklist = {
      sections: [
        {
          title: 'Everything',
          items: [item('merge-now', 'Merge whenever 🚀'), item('new-item', 'Something new')],
        },
      ],
    };
    const updated = updateChecklistBody(body, renamed, []).body;
    expect(updated).toBe(
      [
        'Before',
        '',
        CHECKLIST_START,
        '',
        '### Everything',
        '',
        '- [x] Merge whenever 🚀 <!-- id:merge-now -->',
        '- [ ] Something new <!-- id:new-item -->',
        '',
        CHECKLIST_END,
        '',
        'After',
      ].join('\n'),
    );
  });

  it('collapses two blocks into the first, merging their states (the first wins)', () => {
    // The first block lost its rollback line; the second has it ticked (and merge-now open).
    const first = ticks(DEFAULT_BLOCK)
      .split('\n')
      .filter((line) => !line.includes('id:rollback-safe'))
      .join('\n');
    const second = editLine(
      editLine(DEFAULT_BLOCK, 'merge-now', () => '- [ ] Can be merged at once <!-- id:merge-now -->'),
      'rollback-safe',
      (line) => line.replace('- [ ]', '- [x]'),
    );
    const body = `Top\n\n${first}\n\nMiddle\n\n${second}\n\nBottom\n`;
    const updated = updateChecklistBody(body, DEFAULT_CHECKLIST, []);
    expect(updated.changed).toBe(true);
    expect(updated.body.split(CHECKLIST_START)).toHaveLength(2);
    expect(updated.body.split(CHECKLIST_END)).toHaveLength(2);
    expect(updated.body.startsWith('Top\n\n')).toBe(true);
    expect(updated.body.endsWith('\n\nMiddle\n\nBottom\n')).toBe(true);
    const states = readChecklist(updated.body).states;
    expect(states.get('merge-now')).toEqual(done());
    expect(states.get('rollback-safe')).toEqual(done());
    expect(updateChecklistBody(updated.body, DEFAULT_CHECKLIST, []).changed).toBe(false);
  });

  it('keeps a tick made in the latest body between reading and writing', () => {
    const rendered = updateChecklistBody('Description', DEFAULT_CHECKLIST, []).body;
    // Someone ticks while a run is busy; the run re-reads the latest body right before writing.
    const latest = ticks(editLine(rendered, 'tests-added', (line) => line.replace('- [ ]', '- [x]')));
    const written = updateChecklistBody(latest, DEFAULT_CHECKLIST, ['src/a.ts']);
    expect(written.changed).toBe(false);
    const states = readChecklist(written.body).states;
    expect(states.get('merge-now')).toEqual(done());
    expect(states.get('tests-added')).toEqual(done());
  });

  it.each([
    ['an unclosed code fence', 'Logs:\n\n````\nerror at line 1\n'],
    ['an unclosed tilde fence', 'Logs:\n~~~~~\nno end'],
    ['an unclosed HTML comment', 'Notes\n\n<!-- draft: do not read'],
    ['an unclosed <pre>', 'Notes\n\n<pre>\nraw'],
  ])('appends a block that counts after %s, once', (_name, body) => {
    const first = updateChecklistBody(body, DEFAULT_CHECKLIST, []);
    expect(first.body.startsWith(body)).toBe(true);
    expect(readChecklist(first.body).found).toBe(true);
    const ticked = ticks(first.body);
    const second = updateChecklistBody(ticked, DEFAULT_CHECKLIST, []);
    expect(second).toEqual({ body: ticked, changed: false });
    expect(readChecklist(second.body).states.get('merge-now')).toEqual(done());
  });

  it('a stray start marker without an end never swallows the author text', () => {
    const body = `${CHECKLIST_START}\n\nMy own text.\n`;
    const first = updateChecklistBody(body, DEFAULT_CHECKLIST, []);
    expect(first.body.startsWith(body)).toBe(true);
    const second = updateChecklistBody(first.body, DEFAULT_CHECKLIST, []);
    expect(second).toEqual({ body: first.body, changed: false });
    expect(second.body).toContain('My own text.');
  });
});
