import type { ListItem, Nodes, Paragraph, Parents, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { HandsOffError } from '../errors.js';
import { CHECKLIST_END, CHECKLIST_START } from './checklist-markers.js';
import { activeItems, type Checklist, type ChecklistItem, type ItemState } from './checklist-model.js';

/**
 * The checklist block of a PR/MR body: Markdown read with mdast + GFM (never line by line), and
 * rendered between two hidden markers. Items are identified only by their `<!-- id:... -->`
 * comment, so labels and sections may change without losing a tick.
 */

export { CHECKLIST_START, CHECKLIST_END } from './checklist-markers.js';

const START_NAME = 'hands-off:checklist:start';
const END_NAME = 'hands-off:checklist:end';
/** The hidden store of the states of items that no longer apply (their `when` does not match). */
const KEPT_NAME = 'hands-off:checklist:kept';

/** What `readChecklist` finds in a body. */
export interface ChecklistReading {
  /** Both markers present, in order, as HTML (not inside code). */
  readonly found: boolean;
  /** The states of the items shown in the block, by id (the first occurrence of an id wins). */
  readonly states: Map<string, ItemState>;
  /** The states kept in the block's hidden comment for items that do not apply at the moment. */
  readonly kept: Map<string, ItemState>;
}

/** A comment found in an HTML node: its place in the body and its text between `<!--` and `-->`. */
interface Comment {
  readonly from: number;
  readonly to: number;
  readonly inner: string;
}

interface Block {
  readonly start: Comment;
  readonly end: Comment;
}

interface ParagraphAt {
  readonly paragraph: Paragraph;
  readonly parent: Parents;
  readonly index: number;
}

/** Everything the reader needs from one parse of a body. */
interface Analysis {
  readonly tree: Root;
  readonly blocks: readonly Block[];
  readonly states: Map<string, ItemState>;
  readonly kept: Map<string, ItemState>;
}

/** `<!-- id:tests-added -->`, `<!--id:x-->`, `<!-- id: x -->`. The value of one inline HTML node. */
const ID_COMMENT = /^<!--\s*id:\s*(\S+?)\s*-->$/i;
/** ` — N/A: `, ` - N/A: `, ` -- N/A: ` (and an en dash): what separates a label from its reason. */
const NA_SEPARATOR = /(?:^|\s)(?:—|–|--|-)\s*N\/A:/i;

/**
 * GFM's mdast extensions without their tree transforms: the only one turns `www.`/e-mail text into
 * links (irrelevant here) by recursing over the tree, which overflows the stack on a body of a few
 * thousand nested `>`. The syntax (task items, strikethrough, tables, autolinks) is all GFM's.
 */
const MDAST_GFM = gfmFromMarkdown().map(({ transforms: _transforms, ...extension }) => extension);

const parse = (body: string): Root => fromMarkdown(body, { extensions: [gfm()], mdastExtensions: MDAST_GFM });

const startOf = (node: Nodes): number => node.position?.start.offset ?? 0;
const endOf = (node: Nodes): number => node.position?.end.offset ?? 0;

/**
 * Visits every node in document order, with its parent and index. Iterative: a deeply nested body
 * (a 64 KiB run of `>`) must not overflow the stack.
 */
function walk(root: Root, visit: (node: Nodes, parent: Parents | undefined, index: number) => void): void {
  const stack: [Nodes, Parents | undefined, number][] = [[root, undefined, -1]];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const [node, parent, index] = entry;
    visit(node, parent, index);
    if ('children' in node) {
      const children: readonly Nodes[] = node.children;
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push([children[i] as Nodes, node, i]);
    }
  }
}

/**
 * Pairs the markers: each end closes the nearest start before it. A start without an end (or an end
 * without a start) is ignored, so a stray marker never swallows the author's text.
 */
function pairBlocks(markers: readonly Comment[]): Block[] {
  const blocks: Block[] = [];
  let open: Comment | undefined;
  for (const marker of markers) {
    if (marker.inner === START_NAME) open = marker;
    else if (open !== undefined) {
      blocks.push({ start: open, end: marker });
      open = undefined;
    }
  }
  return blocks;
}

/** Folds a source slice onto one line: line breaks (with the `>` and indentation after them) become a space. */
const oneLine = (text: string): string =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t>]+/, '')).trimEnd())
    .join(' ')
    .trim();

/** The source of `[from, to)` without the item's id comment, on one line. */
function sourceWithout(body: string, from: number, to: number, idNode: Nodes): string {
  const idFrom = startOf(idNode);
  const idTo = endOf(idNode);
  if (idTo <= from || idFrom >= to) return oneLine(body.slice(from, to));
  return oneLine(`${body.slice(from, Math.max(from, idFrom))} ${body.slice(Math.min(to, idTo), to)}`);
}

/** The reason after the first N/A separator of `text`, or '' when there is none. */
function reasonAfterSeparator(text: string): string {
  const match = NA_SEPARATOR.exec(text);
  return match === null ? '' : text.slice(match.index + match[0].length).trim();
}

/**
 * Reads a task from the first paragraph of a list item: `[~]` (not GFM syntax, so read from the
 * paragraph's source), a struck label followed by nothing or an N/A separator, or the GFM checkbox.
 * Undefined when the item is none of these.
 */
function readTask(body: string, paragraph: Paragraph, item: ListItem, idNode: Nodes): ItemState | undefined {
  const from = startOf(paragraph);
  const to = endOf(paragraph);
  const text = sourceWithout(body, from, to, idNode);
  if (typeof item.checked !== 'boolean' && /^\[~\](?:\s|$)/.test(text)) {
    return { kind: 'task', mark: 'na', reason: reasonAfterSeparator(text.slice(3)) };
  }
  const first = paragraph.children.find((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (first?.type === 'delete') {
    const rest = sourceWithout(body, endOf(first), to, idNode);
    const separator = /^(?:—|–|--|-)\s*N\/A:/i.exec(rest);
    if (rest === '') return { kind: 'task', mark: 'na', reason: '' };
    if (separator !== null)
      return { kind: 'task', mark: 'na', reason: rest.slice(separator[0].length).trim() };
  }
  if (item.checked === true) return { kind: 'task', mark: 'done', reason: '' };
  if (item.checked === false) return { kind: 'task', mark: 'open', reason: '' };
  return undefined;
}

/**
 * Reads the item of a paragraph holding an id comment (the last one: it trails the item): a task
 * when the paragraph opens a list item, a field when a fenced/indented code block follows it.
 */
function readItem(body: string, at: ParagraphAt): [string, ItemState] | undefined {
  const { paragraph, parent, index } = at;
  let idNode: Nodes | undefined;
  let id: string | undefined;
  for (const child of paragraph.children) {
    const match = child.type === 'html' ? ID_COMMENT.exec(child.value) : null;
    if (match !== null) [idNode, id] = [child, match[1]];
  }
  if (idNode === undefined || id === undefined) return undefined;
  if (parent.type === 'listItem' && index === 0) {
    const task = readTask(body, paragraph, parent, idNode);
    if (task !== undefined) return [id, task];
  }
  const next: Nodes | undefined = parent.children[index + 1];
  if (next?.type === 'code') return [id, { kind: 'field', text: normalizeText(next.value) }];
  return undefined;
}

const normalizeText = (text: string): string => text.replace(/\r\n?/g, '\n');

/** Reads the hidden store; anything malformed in it is ignored. */
function readKept(inner: string, into: Map<string, ItemState>): void {
  let value: unknown;
  try {
    value = JSON.parse(inner.slice(KEPT_NAME.length));
  } catch {
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    const state = toState(raw);
    if (state !== undefined && !into.has(id)) into.set(id, state);
  }
}

function toState(raw: unknown): ItemState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const entry = raw as Record<string, unknown>;
  if (entry.kind === 'field' && typeof entry.text === 'string') return { kind: 'field', text: entry.text };
  if (
    entry.kind === 'task' &&
    (entry.mark === 'open' || entry.mark === 'done' || entry.mark === 'na') &&
    (entry.reason === undefined || typeof entry.reason === 'string')
  ) {
    return { kind: 'task', mark: entry.mark, reason: typeof entry.reason === 'string' ? entry.reason : '' };
  }
  return undefined;
}

/**
 * The HTML comments in `body[from, to)`, each ending at the first `-->` after its `<!--`. Found
 * with indexOf, not a lazy regex: linear even on a body of `<!--` without an end.
 */
function* commentsIn(body: string, from: number, to: number): Generator<Comment> {
  let open = body.indexOf('<!--', from);
  while (open >= 0 && open < to) {
    const close = body.indexOf('-->', open + 4);
    if (close < 0 || close + 3 > to) return;
    yield { from: open, to: close + 3, inner: body.slice(open + 4, close).trim() };
    open = body.indexOf('<!--', close + 3);
  }
}

/** Whether `[from, to)` lies inside a block (blocks are in document order and never overlap). */
function insideBlock(blocks: readonly Block[], from: number, to: number): boolean {
  let low = 0;
  let high = blocks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const block = blocks[middle] as Block;
    if (to <= block.start.to) high = middle - 1;
    else if (from >= block.end.from) low = middle + 1;
    else return from >= block.start.to && to <= block.end.from;
  }
  return false;
}

/** Deepest nesting of quotes and lists one line may open; a checklist needs two or three. */
const MAX_CONTAINER_DEPTH = 32;
/** Most runs of `*` or `_` a body may hold; each is a possible emphasis the parser must pair. */
const MAX_EMPHASIS_RUNS = 4000;
const CONTAINER_MARKER = /^[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/;

/**
 * A body the parser would take minutes over: micromark's time grows with the square of the nesting
 * of quotes and lists on one line (65,536 `>` take about 2 minutes) and of unpaired emphasis
 * delimiters (21,000 `*a_` about 75 s). No checklist needs either, so such a body is refused.
 */
export class UnreadableMarkdownError extends HandsOffError {
  constructor(problem: string) {
    super('INPUT', `the text cannot be read as a checklist: ${problem}`);
    this.name = 'UnreadableMarkdownError';
  }
}

function refuseCostlyMarkdown(body: string): void {
  for (const line of body.split('\n')) {
    let rest = line;
    let depth = 0;
    for (
      let marker = CONTAINER_MARKER.exec(rest);
      marker && marker[0] !== '';
      marker = CONTAINER_MARKER.exec(rest)
    ) {
      rest = rest.slice(marker[0].length);
      if (++depth > MAX_CONTAINER_DEPTH) {
        throw new UnreadableMarkdownError(`a line nests more than ${MAX_CONTAINER_DEPTH} quotes or lists`);
      }
    }
  }
  let runs = 0;
  for (const _run of body.matchAll(/[*_]+/g)) {
    if (++runs > MAX_EMPHASIS_RUNS) {
      throw new UnreadableMarkdownError(`it holds more than ${MAX_EMPHASIS_RUNS} runs of \`*\` or \`_\``);
    }
  }
}

function analyze(body: string): Analysis {
  refuseCostlyMarkdown(body);
  const tree = parse(body);
  const markers: Comment[] = [];
  const keptComments: Comment[] = [];
  const paragraphs: ParagraphAt[] = [];
  walk(tree, (node, parent, index) => {
    if (node.type === 'paragraph' && parent !== undefined)
      paragraphs.push({ paragraph: node, parent, index });
    if (node.type !== 'html') return;
    // The node's source (not its value): offsets stay true inside block quotes and lists.
    for (const comment of commentsIn(body, startOf(node), endOf(node))) {
      if (comment.inner === START_NAME || comment.inner === END_NAME) markers.push(comment);
      else if (comment.inner.startsWith(KEPT_NAME)) keptComments.push(comment);
    }
  });
  const blocks = pairBlocks(markers);
  const within = (from: number, to: number): boolean => insideBlock(blocks, from, to);
  const states = new Map<string, ItemState>();
  const kept = new Map<string, ItemState>();
  for (const at of paragraphs) {
    if (!within(startOf(at.paragraph), endOf(at.paragraph))) continue;
    const read = readItem(body, at);
    if (read !== undefined && !states.has(read[0])) states.set(read[0], read[1]);
  }
  for (const comment of keptComments) if (within(comment.from, comment.to)) readKept(comment.inner, kept);
  return { tree, blocks, states, kept };
}

/**
 * Reads the checklist block of a body: the states of the items shown (only list items and fields
 * between the markers count; code, inline code and HTML comments never do) and the hidden store.
 */
export function readChecklist(body: string): ChecklistReading {
  const { blocks, states, kept } = analyze(body);
  return { found: blocks.length > 0, states, kept };
}

/** One line, no `<!--` (which would swallow the id comment after it). */
const sanitizeReason = (reason: string): string => oneLine(reason).replaceAll('<!--', '<!\\--');

function renderTask(entry: ChecklistItem, state: ItemState | undefined): string {
  const id = `<!-- id:${entry.id} -->`;
  const mark = state?.kind === 'task' ? state.mark : 'open';
  if (mark === 'na') {
    const reason = state?.kind === 'task' ? sanitizeReason(state.reason) : '';
    return `- [~] ${entry.label} — N/A: ${reason === '' ? '' : `${reason} `}${id}`;
  }
  return `- [${mark === 'done' ? 'x' : ' '}] ${entry.label} ${id}`;
}

function renderField(entry: ChecklistItem, state: ItemState | undefined): string[] {
  const text = state?.kind === 'field' ? normalizeText(state.text) : '';
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [
    `**${entry.label}:** <!-- id:${entry.id} -->`,
    `${fence}text`,
    ...(text === '' ? [] : [text]),
    fence,
  ];
}

/** Whether a state says anything (an open task or an empty field is the same as no state). */
function isKeepable(entry: ChecklistItem, state: ItemState | undefined): state is ItemState {
  if (state === undefined || state.kind !== entry.kind) return false;
  return state.kind === 'task' ? state.mark !== 'open' : state.text !== '';
}

/** The hidden store as one comment line: JSON that can never hold `-->` (nor `--`, nor `<`/`>`). */
function renderKept(kept: readonly [string, ItemState][]): string {
  const json = `{${kept
    .map(([id, state]) => {
      const value =
        state.kind === 'task'
          ? { kind: 'task', mark: state.mark, reason: state.reason }
          : { kind: 'field', text: normalizeText(state.text) };
      return `${JSON.stringify(id)}:${JSON.stringify(value)}`;
    })
    .join(',')}}`;
  const escaped = json
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('--', '\\u002d\\u002d');
  return `<!-- ${KEPT_NAME} ${escaped} -->`;
}

/**
 * Renders the block, markers included, with `\n` line endings: for each section with an active
 * item, `### <title>` and its items with their states; the states of items that do not apply now
 * go to one hidden comment line, to come back when the item applies again.
 */
export function renderChecklistBlock(
  checklist: Checklist,
  changedFiles: readonly string[],
  states: ReadonlyMap<string, ItemState>,
): string {
  const active = new Set(activeItems(checklist, changedFiles).map((entry) => entry.id));
  const lines = [CHECKLIST_START];
  const kept: [string, ItemState][] = [];
  for (const section of checklist.sections) {
    const shown = section.items.filter((entry) => active.has(entry.id));
    for (const entry of section.items) {
      const state = states.get(entry.id);
      if (!active.has(entry.id) && isKeepable(entry, state)) kept.push([entry.id, state]);
    }
    if (shown.length === 0) continue;
    lines.push('', `### ${section.title}`, '');
    let previous: ChecklistItem['kind'] | undefined;
    for (const entry of shown) {
      const state = states.get(entry.id);
      // A field is a paragraph and a code block: blank lines keep it out of the task list.
      if (previous !== undefined && (previous === 'field' || entry.kind === 'field')) lines.push('');
      if (entry.kind === 'task') lines.push(renderTask(entry, state));
      else lines.push(...renderField(entry, state));
      previous = entry.kind;
    }
  }
  lines.push('');
  if (kept.length > 0) lines.push(renderKept(kept));
  lines.push(CHECKLIST_END);
  return lines.join('\n');
}

/** What a fenced code block or an HTML block left open at the end of the body needs to close. */
function closerOf(body: string, tree: Root): string | undefined {
  const last = tree.children.at(-1);
  if (last === undefined || endOf(last) < body.trimEnd().length) return undefined;
  const source = body.slice(startOf(last), endOf(last));
  if (last.type === 'code') {
    const fence = /^[ \t]*(`{3,}|~{3,})/.exec(source);
    return fence?.[1];
  }
  if (last.type !== 'html') return undefined;
  const trimmed = source.trimStart();
  if (trimmed.startsWith('<!--')) return '-->';
  if (trimmed.startsWith('<?')) return '?>';
  if (trimmed.startsWith('<![CDATA[')) return ']]>';
  if (trimmed.startsWith('<!')) return '>';
  const raw = /^<(pre|script|style|textarea)(?=[\s>]|$)/i.exec(trimmed);
  return raw === null ? undefined : `</${raw[1]}>`;
}

/** Appends the block after a blank line, closing a code or HTML block the body leaves open. */
function appendBlock(body: string, tree: Root, block: string, newline: string): string {
  if (body === '') return block;
  const separator = /\r?\n[ \t]*\r?\n$/.test(body) ? '' : /\r?\n$/.test(body) ? newline : newline + newline;
  const appended = body + separator + block;
  const at = body.length + separator.length;
  // The markers must stand as HTML blocks of their own at the top level: not swallowed by a code
  // or HTML block the body leaves open (which would hide the items, and append again next time).
  const opensAt = (text: string, offset: number): boolean => {
    const alone = (node: Nodes, from: number, marker: string): boolean =>
      node.type === 'html' && startOf(node) === from && node.value.trim() === marker;
    const top = parse(text).children;
    return (
      top.some((node) => alone(node, offset, CHECKLIST_START)) &&
      top.some((node) => alone(node, text.length - CHECKLIST_END.length, CHECKLIST_END))
    );
  };
  if (opensAt(appended, at)) return appended;
  const closer = closerOf(body, tree);
  if (closer === undefined) return appended;
  const closed = `${body}${/\r?\n$/.test(body) ? '' : newline}${closer}${newline}${newline}`;
  return opensAt(closed + block, closed.length) ? closed + block : appended;
}

/**
 * Brings the checklist block of a body up to date: reads the states (the block's win over the
 * hidden store), re-renders, and puts the block in place of the first existing one (removing any
 * other) or after the body. The author's text outside the markers is kept byte for byte. The block
 * takes the body's line endings (CRLF when the body has any), so a body edited in a browser does
 * not change on every run. Idempotent: updating an updated body changes nothing.
 */
export function updateChecklistBody(
  body: string,
  checklist: Checklist,
  changedFiles: readonly string[],
): { body: string; changed: boolean } {
  const { tree, blocks, states, kept } = analyze(body);
  const merged = new Map(states);
  for (const [id, state] of kept) if (!merged.has(id)) merged.set(id, state);
  const newline = body.includes('\r\n') ? '\r\n' : '\n';
  const block = renderChecklistBlock(checklist, changedFiles, merged).replaceAll('\n', newline);
  let result: string;
  const [first, ...others] = blocks;
  if (first === undefined) {
    result = appendBlock(body, tree, block, newline);
  } else {
    const parts = [body.slice(0, first.start.from), block];
    let cursor = first.end.to;
    for (const other of others) {
      let from = other.start.from;
      // A removed block takes the blank lines before it along when it ends its line.
      if (/^(?:\r?\n|$)/.test(body.slice(other.end.to, other.end.to + 2))) {
        while (from > cursor && /\s/.test(body.charAt(from - 1))) from -= 1;
      }
      parts.push(body.slice(cursor, from));
      cursor = other.end.to;
    }
    parts.push(body.slice(cursor));
    result = parts.join('');
  }
  return { body: result, changed: result !== body };
}
