export const id = 900;
export const ids = [900];
export const modules = {

/***/ 4900:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   syncChecklist: () => (/* binding */ syncChecklist)
/* harmony export */ });
/* harmony import */ var _checklist_model_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2260);
/* harmony import */ var _checklist_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6210);


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
async function syncChecklist(document, checklist, changedFiles) {
    let written = false;
    let settled = false;
    let text = await document.read();
    for (let round = 0; round < MAX_ROUNDS; round++) {
        const next = (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_1__.updateChecklistBody)(text, checklist, changedFiles);
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
    const evaluation = (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_0__.evaluateChecklist)(checklist, changedFiles, (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_1__.readChecklist)(text).states);
    return { written, settled, evaluation };
}


/***/ })

};
