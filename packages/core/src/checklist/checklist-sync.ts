import { evaluateChecklist, type Checklist, type ChecklistEvaluation } from './checklist-model.js';
import { readChecklist, updateChecklistBody } from './checklist-markdown.js';

/**
 * Where a checklist lives: a pull request's or merge request's description, or one comment. Each
 * platform adapter implements it over its API; core never sees the platform.
 */
export interface ChecklistDocument {
  /** The text as it is now (read fresh on every call: a person may be editing it). */
  read(): Promise<string>;
  /** Replaces the text. */
  write(text: string): Promise<void>;
}

/** What a sync did and found. */
export interface ChecklistSync {
  /** Whether the text was written (false when the block was already current). */
  readonly written: boolean;
  /**
   * False when the text kept changing under every attempt (someone typing as fast as the API
   * answers): the block may lack new items until the next run. The evaluation still counts them.
   */
  readonly settled: boolean;
  readonly evaluation: ChecklistEvaluation;
}

/** How often a sync starts over when the text changed under it. */
const MAX_ROUNDS = 10;

/**
 * Brings the checklist block in `document` up to date with the items that apply to `changedFiles`
 * and evaluates it. The text is read again right before each write and the block is rebuilt from
 * that latest text (ticks, fields and N/A reasons merged by item id), so a tick made meanwhile, or
 * by a concurrent run, is kept; the write changes only the block. When the text read back is not
 * what was written (another writer in between), it starts over from that text, at most 10 times.
 * The verdict is taken from the text last read, never from a render nobody can see.
 */
export async function syncChecklist(
  document: ChecklistDocument,
  checklist: Checklist,
  changedFiles: readonly string[],
): Promise<ChecklistSync> {
  let written = false;
  let settled = false;
  let text = await document.read();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = updateChecklistBody(text, checklist, changedFiles);
    if (!next.changed) {
      settled = true;
      break;
    }
    // Right before the write: the latest text, so nothing typed since the first read is lost.
    const latest = await document.read();
    if (latest !== text) {
      text = latest;
      continue;
    }
    await document.write(next.body);
    written = true;
    text = await document.read();
    if (text === next.body) {
      settled = true;
      break;
    }
  }
  const evaluation = evaluateChecklist(checklist, changedFiles, readChecklist(text).states);
  return { written, settled, evaluation };
}
