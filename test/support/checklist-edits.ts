/** Edits a person makes to a rendered checklist, line by line as in a browser's text box. */

/** The task ids of the default checklist (its one field is `test-commands`). */
export const DEFAULT_TASKS = [
  'tests-added',
  'alarms-cover',
  'limits-unaffected',
  'no-new-alarms-needed',
  'merge-now',
  'dependencies-deployed',
  'rollback-safe',
] as const;

/** Ticks the task line of `id`: `[ ]` to `[x]` on that line only. */
export function tick(body: string, id: string): string {
  return body
    .split('\n')
    .map((line) => (line.includes(`<!-- id:${id} -->`) ? line.replace('- [ ]', '- [x]') : line))
    .join('\n');
}

/** Marks the task of `id` N/A as `- [~] <label> — N/A: <reason>` (an empty reason is allowed here). */
export function markNa(body: string, id: string, reason: string): string {
  return body
    .split('\n')
    .map((line) =>
      line.includes(`<!-- id:${id} -->`)
        ? line.replace('- [ ]', '- [~]').replace(` <!-- id:${id} -->`, ` — N/A: ${reason} <!-- id:${id} -->`)
        : line,
    )
    .join('\n');
}

/** Writes `text` into the fenced block under the field of `id`. */
export function fill(body: string, id: string, text: string): string {
  const lines = body.split('\n');
  const at = lines.findIndex((line) => line.includes(`<!-- id:${id} -->`));
  if (at < 0) throw new Error(`no field ${id}`);
  lines.splice(at + 2, 0, text);
  return lines.join('\n');
}

/** Every task of `ids` ticked and every field of `fields` filled. */
export function complete(body: string, ids: readonly string[], fields: readonly string[] = []): string {
  let next = body;
  for (const id of ids) next = tick(next, id);
  for (const id of fields) next = fill(next, id, 'npm test');
  return next;
}
