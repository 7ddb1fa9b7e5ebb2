export const id = 303;
export const ids = [303,333];
export const modules = {

/***/ 4333:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadChecklistRules: () => (/* binding */ loadChecklistRules),
/* harmony export */   readChangeRequestChecklist: () => (/* binding */ readChangeRequestChecklist),
/* harmony export */   unreadableEvaluation: () => (/* binding */ unreadableEvaluation)
/* harmony export */ });
/* harmony import */ var _config_config_file_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7739);
/* harmony import */ var _checklist_model_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6706);
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


/***/ }),

/***/ 5303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkReviewedCommit: () => (/* binding */ checkReviewedCommit)
/* harmony export */ });
/* harmony import */ var _change_request_checklist_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4333);

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
            const { evaluation, foundIn } = await (0,_change_request_checklist_js__WEBPACK_IMPORTED_MODULE_0__.readChangeRequestChecklist)(platform, changeRequest, policy.checklist);
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
