export const id = 106;
export const ids = [106];
export const modules = {

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


/***/ }),

/***/ 1452:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ CHECKLIST_END),
/* harmony export */   g: () => (/* binding */ CHECKLIST_START)
/* harmony export */ });
// The block's markers on their own, so the step's checklist comment can be found
// (checklist-comment.ts) without loading the Markdown parser.
/** Opens the checklist block; everything the author writes outside the markers is left alone. */
const CHECKLIST_START = '<!-- hands-off:checklist:start -->';
/** Closes the checklist block. */
const CHECKLIST_END = '<!-- hands-off:checklist:end -->';


/***/ })

};
