export const id = 605;
export const ids = [605,706];
export const modules = {

/***/ 6706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_CHECKLIST: () => (/* binding */ DEFAULT_CHECKLIST),
/* harmony export */   MAX_STATUS_DESCRIPTION: () => (/* binding */ MAX_STATUS_DESCRIPTION),
/* harmony export */   activeItems: () => (/* binding */ activeItems),
/* harmony export */   boundStatusDescription: () => (/* binding */ boundStatusDescription),
/* harmony export */   checklistForFiles: () => (/* binding */ checklistForFiles),
/* harmony export */   checklistOf: () => (/* binding */ checklistOf),
/* harmony export */   evaluateChecklist: () => (/* binding */ evaluateChecklist),
/* harmony export */   parseChecklist: () => (/* binding */ parseChecklist)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9788);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);
/* harmony import */ var _json_record_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2277);



const item = (id, label, extra = {}) => ({ id, label, required: true, when: [], na: false, kind: 'task', ...extra });
/**
 * The checklist when the config file has none: Amazon's Testing / Monitoring / Rollout questions.
 * One field (the commands run); N/A allowed on the Monitoring items and on "dependencies already in
 * production".
 */
const DEFAULT_CHECKLIST = {
    sections: [
        {
            title: 'Testing',
            items: [
                item('tests-added', 'New unit and integration tests cover the change'),
                item('test-commands', 'Commands you ran to test this change', { kind: 'field' }),
            ],
        },
        {
            title: 'Monitoring',
            items: [
                item('alarms-cover', 'Covered by existing alarms', { na: true }),
                item('limits-unaffected', 'No effect on limits (throttling, quotas, capacity)', { na: true }),
                item('no-new-alarms-needed', 'Deployable without new alarms', { na: true }),
            ],
        },
        {
            title: 'Rollout',
            items: [
                item('merge-now', 'Can be merged at once'),
                item('dependencies-deployed', 'Dependencies are already in production', { na: true }),
                item('rollback-safe', 'Can be rolled back safely'),
            ],
        },
    ],
};
/** An id as it must be written: it sits in an HTML comment and in status descriptions. */
const ITEM_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Longest label: one line of a task list. */
const MAX_LABEL_CHARS = 200;
/**
 * Reads the `checklist` setting of a config entry (already checked against the JSON Schema for its
 * shape) and checks what a schema cannot: ids unique across sections, labels on one line without
 * the markers' `<!--`, globs that compile. Throws a ConfigError naming `where` and the item.
 */
function parseChecklist(value, where) {
    const fail = (problem) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`${where}: checklist ${problem}`);
    };
    if (!(0,_json_record_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u)(value) || !Array.isArray(value.sections) || value.sections.length === 0) {
        return fail('needs `sections`, a non-empty list of `{ title, items }`');
    }
    const seen = new Set();
    const sections = value.sections.map((raw, s) => {
        if (!(0,_json_record_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u)(raw) || typeof raw.title !== 'string' || !Array.isArray(raw.items)) {
            return fail(`section ${s + 1} needs a \`title\` and a list of \`items\``);
        }
        const title = raw.title.trim();
        if (title === '' || /[\r\n]/.test(title))
            fail(`section ${s + 1} needs a one-line title`);
        const items = raw.items.map((rawItem, i) => {
            const at = `section \`${title}\` item ${i + 1}`;
            if (!(0,_json_record_js__WEBPACK_IMPORTED_MODULE_1__/* .isRecord */ .u)(rawItem))
                return fail(`${at} is not an object`);
            const { id, label } = rawItem;
            if (typeof id !== 'string' || !ITEM_ID.test(id)) {
                return fail(`${at}: id must be lowercase letters, digits, \`.\`, \`_\` or \`-\` (\`tests-added\`)`);
            }
            if (seen.has(id))
                fail(`${at}: id \`${id}\` is used twice`);
            seen.add(id);
            if (typeof label !== 'string' ||
                label.trim() === '' ||
                /[\r\n]/.test(label) ||
                label.length > MAX_LABEL_CHARS) {
                return fail(`${at} (\`${id}\`): label must be one line of 1 to ${MAX_LABEL_CHARS} characters`);
            }
            if (label.includes('<!--') || label.includes('-->'))
                fail(`${at} (\`${id}\`): label may not hold \`<!--\` or \`-->\``);
            const when = rawItem.when === undefined ? [] : rawItem.when;
            if (!Array.isArray(when) || when.some((glob) => typeof glob !== 'string' || glob.trim() === '')) {
                return fail(`${at} (\`${id}\`): when must be a list of globs (\`db/migrations/**\`)`);
            }
            for (const glob of when) {
                try {
                    picomatch__WEBPACK_IMPORTED_MODULE_2___default()(glob, { dot: true });
                }
                catch {
                    fail(`${at} (\`${id}\`): when \`${glob}\` is not a glob`);
                }
            }
            const kind = rawItem.kind ?? 'task';
            if (kind !== 'task' && kind !== 'field')
                fail(`${at} (\`${id}\`): kind must be \`task\` or \`field\``);
            const flag = (name, fallback) => {
                const given = rawItem[name];
                if (given === undefined)
                    return fallback;
                if (typeof given !== 'boolean')
                    return fail(`${at} (\`${id}\`): ${name} must be true or false`);
                return given;
            };
            return {
                id,
                label: label.trim(),
                required: flag('required', true),
                when: when,
                na: flag('na', false),
                kind: kind,
            };
        });
        if (items.length === 0)
            fail(`section \`${title}\` has no items`);
        return { title, items };
    });
    return { sections };
}
/**
 * The items that apply to a change: those without `when`, and those with a glob that matches a
 * changed file (repository-relative, `/`-separated; dotfiles match, as in git).
 */
function activeItems(checklist, changedFiles) {
    return checklist.sections.flatMap((section) => section.items.filter((entry) => {
        if (entry.when.length === 0)
            return true;
        const matches = picomatch__WEBPACK_IMPORTED_MODULE_2___default()(entry.when, { dot: true });
        return changedFiles.some((file) => matches(file));
    }));
}
/**
 * The checklist to apply to a change whose file list may be cut short: when it is, every item
 * applies, `when` or not (fail safe: an unlisted migration must not drop its item).
 */
function checklistForFiles(checklist, files) {
    if (files.complete)
        return checklist;
    return {
        sections: checklist.sections.map((section) => ({
            ...section,
            items: section.items.map((entry) => ({ ...entry, when: [] })),
        })),
    };
}
/** Longest commit status description GitHub keeps. */
const MAX_STATUS_DESCRIPTION = 140;
/** `text` cut to a commit status description: at most 140 characters, a cut marked with `…`. */
function boundStatusDescription(text) {
    return text.length <= MAX_STATUS_DESCRIPTION ? text : `${text.slice(0, MAX_STATUS_DESCRIPTION - 1)}…`;
}
/**
 * Evaluates the states read from a body against the items that apply: a required task is done or
 * validly N/A (allowed, with a reason), a required field holds non-blank text. An N/A that is not
 * allowed or has no reason fails the checklist whether the item is required or not.
 */
function evaluateChecklist(checklist, changedFiles, states) {
    const open = [];
    const invalid = [];
    for (const entry of activeItems(checklist, changedFiles)) {
        const state = states.get(entry.id);
        if (entry.kind === 'field') {
            const filled = state?.kind === 'field' && state.text.trim() !== '';
            if (entry.required && !filled)
                open.push(entry.id);
            continue;
        }
        const mark = state?.kind === 'task' ? state.mark : 'open';
        if (mark === 'na') {
            if (!entry.na || state?.kind !== 'task' || state.reason.trim() === '')
                invalid.push(entry.id);
            continue;
        }
        if (entry.required && mark !== 'done')
            open.push(entry.id);
    }
    const missing = [...open, ...invalid];
    const status = invalid.length > 0 ? 'failure' : open.length > 0 ? 'pending' : 'success';
    return { status, complete: status === 'success', missing, invalid, description: describe(open, invalid) };
}
function describe(open, invalid) {
    if (open.length === 0 && invalid.length === 0)
        return 'checklist complete';
    const parts = [
        ...(invalid.length > 0 ? [`${invalid.length} invalid N/A: ${invalid.join(', ')}`] : []),
        ...(open.length > 0 ? [`${open.length} open: ${open.join(', ')}`] : []),
    ];
    const text = parts.join('; ');
    if (text.length <= MAX_STATUS_DESCRIPTION)
        return text;
    return `${text.slice(0, MAX_STATUS_DESCRIPTION - 1).replace(/[,;:]?\s*\S*$/, '')}…`;
}
/** The checklist of a config entry (`checklist:` under `defaults` or an environment), else the default. */
function checklistOf(config) {
    return config.checklist === undefined
        ? DEFAULT_CHECKLIST
        : parseChecklist(config.checklist, `config file ${config.path}`);
}


/***/ }),

/***/ 9605:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkReviewedCommit: () => (/* binding */ checkReviewedCommit)
});

// EXTERNAL MODULE: ./packages/core/src/config/config-file.ts + 1 modules
var config_file = __webpack_require__(7378);
// EXTERNAL MODULE: ./packages/core/src/checklist/checklist-model.ts
var checklist_model = __webpack_require__(6706);
;// CONCATENATED MODULE: ./packages/core/src/checklist/checklist-markers.ts
// The block's markers on their own, so the step's checklist comment can be found
// (checklist-comment.ts) without loading the Markdown parser.
/** Opens the checklist block; everything the author writes outside the markers is left alone. */
const checklist_markers_CHECKLIST_START = '<!-- hands-off:checklist:start -->';
/** Closes the checklist block. */
const checklist_markers_CHECKLIST_END = '<!-- hands-off:checklist:end -->';

;// CONCATENATED MODULE: ./packages/core/src/checklist/checklist-comment.ts

/**
 * The step's own checklist comments, oldest first: those that hold the block's start marker AND
 * whose author is this step's identity. A person's copy of the block is never one of them.
 */
async function ownChecklistComments(thread) {
    const [identity, comments] = await Promise.all([thread.ownIdentity(), thread.list()]);
    return comments
        .filter((comment) => comment.author === identity && comment.body.includes(checklist_markers_CHECKLIST_START))
        .sort((a, b) => a.id - b.id);
}
/** Text of the step's checklist comment, without creating one; undefined when there is none. */
async function findChecklistComment(thread) {
    return (await ownChecklistComments(thread))[0]?.body;
}
/**
 * The one sticky comment holding the checklist, as a document: the oldest of the step's own,
 * created on the first write. Two first runs may both create one; right after creating, the
 * younger copies (fresh renders, nothing ticked yet) are removed, so exactly one stays.
 */
async function stickyChecklistComment(thread) {
    let id = (await ownChecklistComments(thread))[0]?.id;
    return {
        read: async () => (id === undefined ? '' : thread.read(id)),
        write: async (text) => {
            if (id !== undefined) {
                await thread.update(id, text);
                return;
            }
            await thread.create(text);
            const [oldest, ...copies] = await ownChecklistComments(thread);
            for (const copy of copies)
                await thread.remove(copy.id);
            id = oldest?.id;
        },
    };
}

// EXTERNAL MODULE: ./node_modules/mdast-util-from-markdown/lib/index.js + 45 modules
var lib = __webpack_require__(9236);
// EXTERNAL MODULE: ./node_modules/mdast-util-gfm/lib/index.js + 12 modules
var mdast_util_gfm_lib = __webpack_require__(8595);
// EXTERNAL MODULE: ./node_modules/micromark-extension-gfm/index.js + 7 modules
var micromark_extension_gfm = __webpack_require__(2297);
// EXTERNAL MODULE: ./packages/core/src/errors.ts
var errors = __webpack_require__(7638);
;// CONCATENATED MODULE: ./packages/core/src/checklist/checklist-markdown.ts






/**
 * The checklist block of a PR/MR body: Markdown read with mdast + GFM (never line by line), and
 * rendered between two hidden markers. Items are identified only by their `<!-- id:... -->`
 * comment, so labels and sections may change without losing a tick.
 */

const START_NAME = 'hands-off:checklist:start';
const END_NAME = 'hands-off:checklist:end';
/** The hidden store of the states of items that no longer apply (their `when` does not match). */
const KEPT_NAME = 'hands-off:checklist:kept';
/** `<!-- id:tests-added -->`, `<!--id:x-->`, `<!-- id: x -->`. The value of one inline HTML node. */
const ID_COMMENT = /^<!--\s*id:\s*(\S+?)\s*-->$/i;
/** ` — N/A: `, ` - N/A: `, ` -- N/A: ` (and an en dash): what separates a label from its reason. */
const NA_SEPARATOR = /(?:^|\s)(?:—|–|--|-)\s*N\/A:/i;
/**
 * GFM's mdast extensions without their tree transforms: the only one turns `www.`/e-mail text into
 * links (irrelevant here) by recursing over the tree, which overflows the stack on a body of a few
 * thousand nested `>`. The syntax (task items, strikethrough, tables, autolinks) is all GFM's.
 */
const MDAST_GFM = (0,mdast_util_gfm_lib/* gfmFromMarkdown */.C)().map(({ transforms: _transforms, ...extension }) => extension);
const parse = (body) => (0,lib/* fromMarkdown */.Y)(body, { extensions: [(0,micromark_extension_gfm/* gfm */.T)()], mdastExtensions: MDAST_GFM });
const startOf = (node) => node.position?.start.offset ?? 0;
const endOf = (node) => node.position?.end.offset ?? 0;
/**
 * Visits every node in document order, with its parent and index. Iterative: a deeply nested body
 * (a 64 KiB run of `>`) must not overflow the stack.
 */
function walk(root, visit) {
    const stack = [[root, undefined, -1]];
    for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
        const [node, parent, index] = entry;
        visit(node, parent, index);
        if ('children' in node) {
            const children = node.children;
            for (let i = children.length - 1; i >= 0; i -= 1)
                stack.push([children[i], node, i]);
        }
    }
}
/**
 * Pairs the markers: each end closes the nearest start before it. A start without an end (or an end
 * without a start) is ignored, so a stray marker never swallows the author's text.
 */
function pairBlocks(markers) {
    const blocks = [];
    let open;
    for (const marker of markers) {
        if (marker.inner === START_NAME)
            open = marker;
        else if (open !== undefined) {
            blocks.push({ start: open, end: marker });
            open = undefined;
        }
    }
    return blocks;
}
/** Folds a source slice onto one line: line breaks (with the `>` and indentation after them) become a space. */
const oneLine = (text) => text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.replace(/^[ \t>]+/, '')).trimEnd())
    .join(' ')
    .trim();
/** The source of `[from, to)` without the item's id comment, on one line. */
function sourceWithout(body, from, to, idNode) {
    const idFrom = startOf(idNode);
    const idTo = endOf(idNode);
    if (idTo <= from || idFrom >= to)
        return oneLine(body.slice(from, to));
    return oneLine(`${body.slice(from, Math.max(from, idFrom))} ${body.slice(Math.min(to, idTo), to)}`);
}
/** The reason after the first N/A separator of `text`, or '' when there is none. */
function reasonAfterSeparator(text) {
    const match = NA_SEPARATOR.exec(text);
    return match === null ? '' : text.slice(match.index + match[0].length).trim();
}
/**
 * Reads a task from the first paragraph of a list item: `[~]` (not GFM syntax, so read from the
 * paragraph's source), a struck label followed by nothing or an N/A separator, or the GFM checkbox.
 * Undefined when the item is none of these.
 */
function readTask(body, paragraph, item, idNode) {
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
        if (rest === '')
            return { kind: 'task', mark: 'na', reason: '' };
        if (separator !== null)
            return { kind: 'task', mark: 'na', reason: rest.slice(separator[0].length).trim() };
    }
    if (item.checked === true)
        return { kind: 'task', mark: 'done', reason: '' };
    if (item.checked === false)
        return { kind: 'task', mark: 'open', reason: '' };
    return undefined;
}
/**
 * Reads the item of a paragraph holding an id comment (the last one: it trails the item): a task
 * when the paragraph opens a list item, a field when a fenced/indented code block follows it.
 */
function readItem(body, at) {
    const { paragraph, parent, index } = at;
    let idNode;
    let id;
    for (const child of paragraph.children) {
        const match = child.type === 'html' ? ID_COMMENT.exec(child.value) : null;
        if (match !== null)
            [idNode, id] = [child, match[1]];
    }
    if (idNode === undefined || id === undefined)
        return undefined;
    if (parent.type === 'listItem' && index === 0) {
        const task = readTask(body, paragraph, parent, idNode);
        if (task !== undefined)
            return [id, task];
    }
    const next = parent.children[index + 1];
    if (next?.type === 'code')
        return [id, { kind: 'field', text: normalizeText(next.value) }];
    return undefined;
}
const normalizeText = (text) => text.replace(/\r\n?/g, '\n');
/** Reads the hidden store; anything malformed in it is ignored. */
function readKept(inner, into) {
    let value;
    try {
        value = JSON.parse(inner.slice(KEPT_NAME.length));
    }
    catch {
        return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return;
    for (const [id, raw] of Object.entries(value)) {
        const state = toState(raw);
        if (state !== undefined && !into.has(id))
            into.set(id, state);
    }
}
function toState(raw) {
    if (typeof raw !== 'object' || raw === null)
        return undefined;
    const entry = raw;
    if (entry.kind === 'field' && typeof entry.text === 'string')
        return { kind: 'field', text: entry.text };
    if (entry.kind === 'task' &&
        (entry.mark === 'open' || entry.mark === 'done' || entry.mark === 'na') &&
        (entry.reason === undefined || typeof entry.reason === 'string')) {
        return { kind: 'task', mark: entry.mark, reason: typeof entry.reason === 'string' ? entry.reason : '' };
    }
    return undefined;
}
/**
 * The HTML comments in `body[from, to)`, each ending at the first `-->` after its `<!--`. Found
 * with indexOf, not a lazy regex: linear even on a body of `<!--` without an end.
 */
function* commentsIn(body, from, to) {
    let open = body.indexOf('<!--', from);
    while (open >= 0 && open < to) {
        const close = body.indexOf('-->', open + 4);
        if (close < 0 || close + 3 > to)
            return;
        yield { from: open, to: close + 3, inner: body.slice(open + 4, close).trim() };
        open = body.indexOf('<!--', close + 3);
    }
}
/** Whether `[from, to)` lies inside a block (blocks are in document order and never overlap). */
function insideBlock(blocks, from, to) {
    let low = 0;
    let high = blocks.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const block = blocks[middle];
        if (to <= block.start.to)
            high = middle - 1;
        else if (from >= block.end.from)
            low = middle + 1;
        else
            return from >= block.start.to && to <= block.end.from;
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
class UnreadableMarkdownError extends errors/* HandsOffError */.Ko {
    constructor(problem) {
        super('INPUT', `the text cannot be read as a checklist: ${problem}`);
        this.name = 'UnreadableMarkdownError';
    }
}
function refuseCostlyMarkdown(body) {
    for (const line of body.split('\n')) {
        let rest = line;
        let depth = 0;
        for (let marker = CONTAINER_MARKER.exec(rest); marker && marker[0] !== ''; marker = CONTAINER_MARKER.exec(rest)) {
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
function analyze(body) {
    refuseCostlyMarkdown(body);
    const tree = parse(body);
    const markers = [];
    const keptComments = [];
    const paragraphs = [];
    walk(tree, (node, parent, index) => {
        if (node.type === 'paragraph' && parent !== undefined)
            paragraphs.push({ paragraph: node, parent, index });
        if (node.type !== 'html')
            return;
        // The node's source (not its value): offsets stay true inside block quotes and lists.
        for (const comment of commentsIn(body, startOf(node), endOf(node))) {
            if (comment.inner === START_NAME || comment.inner === END_NAME)
                markers.push(comment);
            else if (comment.inner.startsWith(KEPT_NAME))
                keptComments.push(comment);
        }
    });
    const blocks = pairBlocks(markers);
    const within = (from, to) => insideBlock(blocks, from, to);
    const states = new Map();
    const kept = new Map();
    for (const at of paragraphs) {
        if (!within(startOf(at.paragraph), endOf(at.paragraph)))
            continue;
        const read = readItem(body, at);
        if (read !== undefined && !states.has(read[0]))
            states.set(read[0], read[1]);
    }
    for (const comment of keptComments)
        if (within(comment.from, comment.to))
            readKept(comment.inner, kept);
    return { tree, blocks, states, kept };
}
/**
 * Reads the checklist block of a body: the states of the items shown (only list items and fields
 * between the markers count; code, inline code and HTML comments never do) and the hidden store.
 */
function readChecklist(body) {
    const { blocks, states, kept } = analyze(body);
    return { found: blocks.length > 0, states, kept };
}
/** One line, no `<!--` (which would swallow the id comment after it). */
const sanitizeReason = (reason) => oneLine(reason).replaceAll('<!--', '<!\\--');
function renderTask(entry, state) {
    const id = `<!-- id:${entry.id} -->`;
    const mark = state?.kind === 'task' ? state.mark : 'open';
    if (mark === 'na') {
        const reason = state?.kind === 'task' ? sanitizeReason(state.reason) : '';
        return `- [~] ${entry.label} — N/A: ${reason === '' ? '' : `${reason} `}${id}`;
    }
    return `- [${mark === 'done' ? 'x' : ' '}] ${entry.label} ${id}`;
}
function renderField(entry, state) {
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
function isKeepable(entry, state) {
    if (state === undefined || state.kind !== entry.kind)
        return false;
    return state.kind === 'task' ? state.mark !== 'open' : state.text !== '';
}
/** The hidden store as one comment line: JSON that can never hold `-->` (nor `--`, nor `<`/`>`). */
function renderKept(kept) {
    const json = `{${kept
        .map(([id, state]) => {
        const value = state.kind === 'task'
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
function renderChecklistBlock(checklist, changedFiles, states) {
    const active = new Set(activeItems(checklist, changedFiles).map((entry) => entry.id));
    const lines = [CHECKLIST_START];
    const kept = [];
    for (const section of checklist.sections) {
        const shown = section.items.filter((entry) => active.has(entry.id));
        for (const entry of section.items) {
            const state = states.get(entry.id);
            if (!active.has(entry.id) && isKeepable(entry, state))
                kept.push([entry.id, state]);
        }
        if (shown.length === 0)
            continue;
        lines.push('', `### ${section.title}`, '');
        let previous;
        for (const entry of shown) {
            const state = states.get(entry.id);
            // A field is a paragraph and a code block: blank lines keep it out of the task list.
            if (previous !== undefined && (previous === 'field' || entry.kind === 'field'))
                lines.push('');
            if (entry.kind === 'task')
                lines.push(renderTask(entry, state));
            else
                lines.push(...renderField(entry, state));
            previous = entry.kind;
        }
    }
    lines.push('');
    if (kept.length > 0)
        lines.push(renderKept(kept));
    lines.push(CHECKLIST_END);
    return lines.join('\n');
}
/** What a fenced code block or an HTML block left open at the end of the body needs to close. */
function closerOf(body, tree) {
    const last = tree.children.at(-1);
    if (last === undefined || endOf(last) < body.trimEnd().length)
        return undefined;
    const source = body.slice(startOf(last), endOf(last));
    if (last.type === 'code') {
        const fence = /^[ \t]*(`{3,}|~{3,})/.exec(source);
        return fence?.[1];
    }
    if (last.type !== 'html')
        return undefined;
    const trimmed = source.trimStart();
    if (trimmed.startsWith('<!--'))
        return '-->';
    if (trimmed.startsWith('<?'))
        return '?>';
    if (trimmed.startsWith('<![CDATA['))
        return ']]>';
    if (trimmed.startsWith('<!'))
        return '>';
    const raw = /^<(pre|script|style|textarea)(?=[\s>]|$)/i.exec(trimmed);
    return raw === null ? undefined : `</${raw[1]}>`;
}
/** Appends the block after a blank line, closing a code or HTML block the body leaves open. */
function appendBlock(body, tree, block, newline) {
    if (body === '')
        return block;
    const separator = /\r?\n[ \t]*\r?\n$/.test(body) ? '' : /\r?\n$/.test(body) ? newline : newline + newline;
    const appended = body + separator + block;
    const at = body.length + separator.length;
    // The markers must stand as HTML blocks of their own at the top level: not swallowed by a code
    // or HTML block the body leaves open (which would hide the items, and append again next time).
    const opensAt = (text, offset) => {
        const alone = (node, from, marker) => node.type === 'html' && startOf(node) === from && node.value.trim() === marker;
        const top = parse(text).children;
        return (top.some((node) => alone(node, offset, CHECKLIST_START)) &&
            top.some((node) => alone(node, text.length - CHECKLIST_END.length, CHECKLIST_END)));
    };
    if (opensAt(appended, at))
        return appended;
    const closer = closerOf(body, tree);
    if (closer === undefined)
        return appended;
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
function updateChecklistBody(body, checklist, changedFiles) {
    const { tree, blocks, states, kept } = analyze(body);
    const merged = new Map(states);
    for (const [id, state] of kept)
        if (!merged.has(id))
            merged.set(id, state);
    const newline = body.includes('\r\n') ? '\r\n' : '\n';
    const block = renderChecklistBlock(checklist, changedFiles, merged).replaceAll('\n', newline);
    let result;
    const [first, ...others] = blocks;
    if (first === undefined) {
        result = appendBlock(body, tree, block, newline);
    }
    else {
        const parts = [body.slice(0, first.start.from), block];
        let cursor = first.end.to;
        for (const other of others) {
            let from = other.start.from;
            // A removed block takes the blank lines before it along when it ends its line.
            if (/^(?:\r?\n|$)/.test(body.slice(other.end.to, other.end.to + 2))) {
                while (from > cursor && /\s/.test(body.charAt(from - 1)))
                    from -= 1;
            }
            parts.push(body.slice(cursor, from));
            cursor = other.end.to;
        }
        parts.push(body.slice(cursor));
        result = parts.join('');
    }
    return { body: result, changed: result !== body };
}

;// CONCATENATED MODULE: ./packages/core/src/checklist/change-request-checklist.ts




/**
 * Reads the config file at `ref` (the base branch, or the commit being deployed) through the
 * platform's API: a change under review never supplies the checklist it is judged by, and a fork's
 * checkout is never read.
 */
async function loadChecklistRules(platform, ref, configInput, environment) {
    const config = await loadConfigWith((path) => platform.readFile(ref, path), ` on ${ref}`, configInput, environment);
    return { config, checklist: checklistOf(config) };
}
/**
 * Evaluates a change request's checklist without writing anything: the block in its description,
 * else in the step's own comment. A change request with no block at all has every required item open.
 */
async function readChangeRequestChecklist(platform, changeRequest, configured) {
    const changed = await platform.changedFiles(changeRequest.number);
    const files = changed.paths;
    const checklist = (0,checklist_model.checklistForFiles)(configured, changed);
    try {
        const inDescription = readChecklist(changeRequest.body);
        if (inDescription.found) {
            return {
                changeRequest,
                foundIn: 'description',
                evaluation: (0,checklist_model.evaluateChecklist)(checklist, files, inDescription.states),
            };
        }
        const comment = await findChecklistComment(platform.comments(changeRequest.number));
        const inComment = comment === undefined ? undefined : readChecklist(comment);
        return {
            changeRequest,
            foundIn: inComment?.found ? 'comment' : 'none',
            evaluation: (0,checklist_model.evaluateChecklist)(checklist, files, inComment?.found ? inComment.states : new Map()),
        };
    }
    catch (error) {
        if (!(error instanceof UnreadableMarkdownError))
            throw error;
        return {
            changeRequest,
            foundIn: 'unreadable',
            evaluation: unreadableEvaluation(checklist, files, error),
        };
    }
}
/**
 * The verdict on a text the parser refuses (UnreadableMarkdownError): failure, every required item
 * missing, and the reason in the description.
 */
function unreadableEvaluation(checklist, files, error) {
    const open = (0,checklist_model.evaluateChecklist)(checklist, files, new Map());
    const description = error.message.replace('the text cannot be read as a checklist: ', 'unreadable: ');
    return {
        ...open,
        status: 'failure',
        complete: false,
        description: (0,checklist_model.boundStatusDescription)(description),
    };
}

;// CONCATENATED MODULE: ./packages/core/src/checklist/reviewed-commit.ts

/**
 * Deploy only reviewed commits: the commit must have come in through a merged change request whose
 * checklist is complete (re-evaluated from its text with `policy.checklist`, and the latest
 * `statusContext` status on its head commit is success) and that has enough approvals. A commit
 * pushed straight to the branch has no change request and is not reviewed.
 */
async function checkReviewedCommit(platform, commit, policy) {
    const noun = platform.changeRequestNoun;
    const found = await platform.changeRequestsOfCommit(commit);
    const changeRequests = found.map((changeRequest) => changeRequest.number);
    const short = commit.slice(0, 12);
    if (found.length === 0) {
        return {
            reviewed: false,
            changeRequests,
            reason: `commit ${short} came in through no ${noun} (pushed straight to the branch?)`,
            reviews: [],
        };
    }
    const reviews = [];
    for (const changeRequest of found) {
        const problems = [];
        let approvers = [];
        if (!changeRequest.merged) {
            problems.push('not merged');
        }
        else {
            const { evaluation, foundIn } = await readChangeRequestChecklist(platform, changeRequest, policy.checklist);
            if (foundIn === 'none')
                problems.push('has no checklist');
            else if (foundIn === 'unreadable')
                problems.push(`checklist ${evaluation.description}`);
            else if (!evaluation.complete)
                problems.push(`checklist incomplete (${evaluation.description})`);
            const status = await platform.latestStatus(changeRequest.headSha, policy.statusContext);
            if (status !== 'success') {
                problems.push(`status ${policy.statusContext} is ${status ?? 'missing'} on ${changeRequest.headSha.slice(0, 12)}`);
            }
            approvers = await platform.approvers(changeRequest.number, changeRequest.author);
            if (approvers.length < policy.minApprovals) {
                problems.push(`${approvers.length} of ${policy.minApprovals} approval(s)${approvers.length > 0 ? ` (${approvers.join(', ')})` : ''}`);
            }
        }
        reviews.push({
            number: changeRequest.number,
            url: changeRequest.url,
            merged: changeRequest.merged,
            problems,
            approvers,
        });
    }
    const sign = noun === 'merge request' ? '!' : '#';
    const passed = reviews.find((review) => review.problems.length === 0);
    if (passed) {
        return {
            reviewed: true,
            changeRequests,
            reason: `commit ${short} came in through ${noun} ${sign}${passed.number}: checklist complete, ${passed.approvers.length} approval(s)${passed.approvers.length > 0 ? ` (${passed.approvers.join(', ')})` : ''}`,
            reviews,
        };
    }
    const why = reviews.map((review) => `${sign}${review.number} ${review.problems.join(', ')}`).join('; ');
    return { reviewed: false, changeRequests, reason: `commit ${short} is not reviewed: ${why}`, reviews };
}


/***/ })

};
