export const id = 706;
export const ids = [706];
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


/***/ })

};
