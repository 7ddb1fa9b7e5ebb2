export const id = 333;
export const ids = [333];
export const modules = {

/***/ 4333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadChecklistRules: () => (/* binding */ loadChecklistRules),
/* harmony export */   readChangeRequestChecklist: () => (/* binding */ readChangeRequestChecklist)
/* harmony export */ });
/* harmony import */ var _config_config_file_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7739);
/* harmony import */ var _checklist_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6706);
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
async function readChangeRequestChecklist(platform, changeRequest, checklist) {
    const files = await platform.changedFiles(changeRequest.number);
    const inDescription = (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .readChecklist */ .zo)(changeRequest.body);
    if (inDescription.found) {
        return {
            changeRequest,
            foundIn: 'description',
            evaluation: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.evaluateChecklist)(checklist, files, inDescription.states),
        };
    }
    const comment = await platform.findChecklistComment(changeRequest.number);
    const inComment = comment === undefined ? undefined : (0,_checklist_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .readChecklist */ .zo)(comment);
    return {
        changeRequest,
        foundIn: inComment?.found ? 'comment' : 'none',
        evaluation: (0,_checklist_model_js__WEBPACK_IMPORTED_MODULE_1__.evaluateChecklist)(checklist, files, inComment?.found ? inComment.states : new Map()),
    };
}


/***/ })

};
