// code-review-checklist benchmark, run by `npm run bench` under Node 24: the time to read a
// checklist out of the hardest 65,536-character bodies a PR author can write (GitHub's limit),
// against an ordinary 65,536-character body read in the same run (median of 5 after a warm-up).
// Bodies the parser would take minutes over (65,536 nested `>`: about 115 s; 16,384 `> - `: about
// 240 s; 21,000 `*a_`: about 75 s, measured once with the guard off) are refused before parsing.
// Fails when an accepted body takes over 3 s, or a refused body is read or takes over 50 ms.
import {
  readChecklist,
  renderChecklistBlock,
  UnreadableMarkdownError,
} from '../packages/core/src/checklist/checklist-markdown.js';
import { DEFAULT_CHECKLIST } from '../packages/core/src/checklist/checklist-model.js';

const LIMIT = 65_536;
const block = renderChecklistBlock(DEFAULT_CHECKLIST, [], new Map());
const fill = (text: string): string => `${text.slice(0, LIMIT - block.length - 2)}\n\n${block}`;
const words = 'The checkout timeout came from a retry loop without a deadline; this bounds it. ';

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
function timeRead(body: string): { ms: number; refused: boolean } {
  const runs: number[] = [];
  let refused = false;
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    try {
      readChecklist(body);
    } catch (error) {
      if (!(error instanceof UnreadableMarkdownError)) throw error;
      refused = true;
    }
    if (i > 0) runs.push(performance.now() - start);
  }
  return { ms: median(runs), refused };
}

const baseline = timeRead(fill(words.repeat(1000)));
console.log(`checklist bodies: ordinary 65,536-char body read in ${baseline.ms.toFixed(1)} ms (baseline)`);
const accepted: Record<string, string> = {
  '32-deep quotes on every line': fill(`${'>'.repeat(32)} a\n`.repeat(2000)),
  '4,000 unpaired emphasis runs': fill(`${'*a_'.repeat(2000)}${words.repeat(1000)}`),
  'lists nested 250 deep by indentation': fill(
    Array.from({ length: 250 }, (_, i) => `${' '.repeat(i * 2)}- a`).join('\n'),
  ),
};
const refused: Record<string, string> = {
  '65,536 nested `>`': '>'.repeat(LIMIT),
  '16,384 `> - `': '> - '.repeat(LIMIT / 4),
  '21,000 `*a_`': '*a_'.repeat(21_000),
};
let failed = false;
for (const [name, body] of Object.entries(accepted)) {
  const { ms, refused: wasRefused } = timeRead(body);
  const ok = !wasRefused && ms <= 3000;
  failed ||= !ok;
  console.log(
    `checklist bodies: ${name}: read in ${ms.toFixed(0)} ms (${(ms / baseline.ms).toFixed(1)}x the baseline); ` +
      `target <= 3 s: ${ok ? 'met' : 'MISSED'}`,
  );
}
for (const [name, body] of Object.entries(refused)) {
  const { ms, refused: wasRefused } = timeRead(body);
  const ok = wasRefused && ms <= 50;
  failed ||= !ok;
  console.log(
    `checklist bodies: ${name}: ${wasRefused ? 'refused' : 'READ'} in ${ms.toFixed(2)} ms; target refused <= 50 ms: ${ok ? 'met' : 'MISSED'}`,
  );
}
if (failed) process.exitCode = 1;
