export const id = 333;
export const ids = [333];
export const modules = {

/***/ 4333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadChecklistRules: () => (/* binding */ loadChecklistRules),
/* harmony export */   readChangeRequestChecklist: () => (/* binding */ readChangeRequestChecklist),
/* harmony export */   unreadableEvaluation: () => (/* binding */ unreadableEvaluation)
/* harmony export */ });
/* harmony import */ var _config_config_file_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7516);
/* harmony import */ var _checklist_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2260);
/* harmony import */ var _checklist_comment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2106);
/* harmony import */ var _checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6210);




/**
 * Reads the config file at `ref` (the base branch, or the commit being deployed) through the
 * platform's API: a change under review never supplies the checklist it is judged by, and a fork's
 * checkout is never read.
 */
async function loadChecklistRules(platform, ref, configInput, environment) {
    const config = await (0,_config_config_file_js__WEBPACK_IMPORTED_MODULE_0__/* .loadConfigWith */ .P)((path) => platform.readFile(ref, path), ` on ${ref}`, configInput, environment);
    return { config, checklist: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.checklistOf)(config) };
}
/**
 * Evaluates a change request's checklist without writing anything: the block in its description,
 * else in the step's own comment. A change request with no block at all has every required item open.
 */
async function readChangeRequestChecklist(platform, changeRequest, configured) {
    const changed = await platform.changedFiles(changeRequest.number);
    const files = changed.paths;
    const checklist = (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.checklistForFiles)(configured, changed);
    try {
        const inDescription = (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__.readChecklist)(changeRequest.body);
        if (inDescription.found) {
            return {
                changeRequest,
                foundIn: 'description',
                evaluation: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.evaluateChecklist)(checklist, files, inDescription.states),
            };
        }
        const comment = await (0,_checklist_comment_js__WEBPACK_IMPORTED_MODULE_3__.findChecklistComment)(platform.comments(changeRequest.number));
        const inComment = comment === undefined ? undefined : (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__.readChecklist)(comment);
        return {
            changeRequest,
            foundIn: inComment?.found ? 'comment' : 'none',
            evaluation: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.evaluateChecklist)(checklist, files, inComment?.found ? inComment.states : new Map()),
        };
    }
    catch (error) {
        if (!(error instanceof _checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__.UnreadableMarkdownError))
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
    const open = (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.evaluateChecklist)(checklist, files, new Map());
    const description = error.message.replace('the text cannot be read as a checklist: ', 'unreadable: ');
    return {
        ...open,
        status: 'failure',
        complete: false,
        description: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.boundStatusDescription)(description),
    };
}


/***/ }),

/***/ 2106:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   findChecklistComment: () => (/* binding */ findChecklistComment),
/* harmony export */   stickyChecklistComment: () => (/* binding */ stickyChecklistComment)
/* harmony export */ });
/* harmony import */ var _checklist_markers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1452);

/**
 * The step's own checklist comments, oldest first: those that hold the block's start marker AND
 * whose author is this step's identity. A person's copy of the block is never one of them.
 */
async function ownChecklistComments(thread) {
    const [identity, comments] = await Promise.all([thread.ownIdentity(), thread.list()]);
    return comments
        .filter((comment) => comment.author === identity && comment.body.includes(_checklist_markers_js__WEBPACK_IMPORTED_MODULE_0__/* .CHECKLIST_START */ .g))
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


/***/ })

};
