import { describe, expect, it } from '@jest/globals';
import { readChecklist } from '../../packages/core/src/checklist/checklist-markdown.js';
import { DEFAULT_CHECKLIST } from '../../packages/core/src/checklist/checklist-model.js';
import { syncChecklist, type ChecklistDocument } from '../../packages/core/src/checklist/checklist-sync.js';

/** A description in memory; `onRead` may change it as a person typing at that moment would. */
function memoryDocument(initial: string, onRead?: (reads: number, text: string) => string | undefined) {
  let text = initial;
  let reads = 0;
  const writes: string[] = [];
  const document: ChecklistDocument = {
    read: async () => {
      reads += 1;
      const changed = onRead?.(reads, text);
      if (changed !== undefined) text = changed;
      return text;
    },
    write: async (next) => {
      writes.push(next);
      text = next;
    },
  };
  return { document, writes, text: () => text };
}

/** Ticks the task line of `id` as a person does: `[ ]` to `[x]` on that line only. */
function tick(body: string, id: string): string {
  return body
    .split('\n')
    .map((line) => (line.includes(`<!-- id:${id} -->`) ? line.replace('- [ ]', '- [x]') : line))
    .join('\n');
}

describe('syncing the checklist block into a description', () => {
  it('writes the block once into an empty description, keeps the author text, and is pending', async () => {
    const doc = memoryDocument('Fixes the checkout timeout.\r\n');
    const first = await syncChecklist(doc.document, DEFAULT_CHECKLIST, ['src/app.ts']);
    expect(first.written).toBe(true);
    expect(doc.writes).toHaveLength(1);
    expect(doc.text().startsWith('Fixes the checkout timeout.\r\n')).toBe(true);
    expect(first.evaluation.status).toBe('pending');
    // A second run with nothing new writes nothing.
    const second = await syncChecklist(doc.document, DEFAULT_CHECKLIST, ['src/app.ts']);
    expect(second.written).toBe(false);
    expect(doc.writes).toHaveLength(1);
  });

  it('keeps a tick a person makes between the first read and the write', async () => {
    const doc = memoryDocument('Body\n');
    await syncChecklist(doc.document, DEFAULT_CHECKLIST, []);
    // A new item arrives (a re-render is due); the person ticks `tests-added` right after our first read.
    const checklist = {
      sections: [
        ...DEFAULT_CHECKLIST.sections,
        {
          title: 'Data',
          items: [
            {
              id: 'migration-safe',
              label: 'Migration is safe',
              required: true,
              when: ['db/**'],
              na: false,
              kind: 'task' as const,
            },
          ],
        },
      ],
    };
    const racing = memoryDocument(doc.text(), (reads, text) =>
      reads === 2 ? tick(text, 'tests-added') : undefined,
    );
    const result = await syncChecklist(racing.document, checklist, ['db/1.sql']);
    expect(result.written).toBe(true);
    const states = readChecklist(racing.text()).states;
    expect(states.get('tests-added')).toEqual({ kind: 'task', mark: 'done', reason: '' });
    expect(racing.text()).toContain('<!-- id:migration-safe -->');
    expect(result.evaluation.missing).not.toContain('tests-added');
  });

  it('two runs interleaved never lose a tick, and the verdict is read from the text as it is', async () => {
    const doc = memoryDocument('Body\n');
    await syncChecklist(doc.document, DEFAULT_CHECKLIST, []);
    const ticked = tick(tick(doc.text(), 'tests-added'), 'rollback-safe');
    const shared = memoryDocument(ticked);
    const withMigration = {
      sections: [
        ...DEFAULT_CHECKLIST.sections,
        {
          title: 'Data',
          items: [
            {
              id: 'migration-safe',
              label: 'Migration is safe',
              required: true,
              when: ['db/**'],
              na: false,
              kind: 'task' as const,
            },
          ],
        },
      ],
    };
    const [a, b] = await Promise.all([
      syncChecklist(shared.document, withMigration, ['db/1.sql']),
      syncChecklist(shared.document, DEFAULT_CHECKLIST, ['src/app.ts']),
    ]);
    const states = readChecklist(shared.text()).states;
    expect(states.get('tests-added')).toEqual({ kind: 'task', mark: 'done', reason: '' });
    expect(states.get('rollback-safe')).toEqual({ kind: 'task', mark: 'done', reason: '' });
    for (const run of [a, b]) expect(run.evaluation.missing).not.toContain('tests-added');
  });

  it('gives up re-reading after 3 rounds when the text keeps changing, and still judges the latest text', async () => {
    let n = 0;
    const doc = memoryDocument('Body\n', (_reads, text) => `${text}edit ${++n}\n`);
    const result = await syncChecklist(doc.document, DEFAULT_CHECKLIST, []);
    expect(result.written).toBe(false);
    expect(doc.writes).toEqual([]);
    expect(result.evaluation.status).toBe('pending');
  });
});
