export const id = 781;
export const ids = [781];
export const modules = {

/***/ 3781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gitlabEvent: () => (/* binding */ gitlabEvent),
/* harmony export */   gitlabReviewAccess: () => (/* binding */ gitlabReviewAccess)
/* harmony export */ });
/* harmony import */ var _hands_off_core_errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7638);

/** Longest a single API request may take before the step gives up on it. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Largest page GitLab's list endpoints serve. */
const PER_PAGE = 100;
/** Most pages read from one list (10,000 items): a bound, not a limit anyone meets. */
const MAX_PAGES = 100;
/**
 * The review platform on GitLab: merge requests, their diffs, notes, approvals and commit statuses
 * through the REST API at CI_API_V4_URL, with a project or group access token (`PRIVATE-TOKEN`;
 * CI_JOB_TOKEN cannot write notes or statuses). Lists are read page by page (X-Next-Page).
 */
async function gitlabReviewAccess(token, env, signal) {
    const api = (env.CI_API_V4_URL ?? '').replace(/\/+$/, '');
    const project = env.CI_PROJECT_ID ?? '';
    if (api === '' || project === '') {
        throw new _hands_off_core_errors__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('github-token', 'cannot be used: CI_API_V4_URL and CI_PROJECT_ID are not set, so there is no project to read merge requests from', 'run the step in a GitLab CI job');
    }
    return {
        platform: gitlabPlatform(api, encodeURIComponent(project), token, signal),
        event: gitlabEvent(env),
    };
}
/** The pipeline's source in the step's terms: a merge request pipeline names its merge request. */
function gitlabEvent(env) {
    const source = env.CI_PIPELINE_SOURCE ?? '';
    const iid = Number(env.CI_MERGE_REQUEST_IID ?? '');
    if (source === 'merge_request_event' && Number.isSafeInteger(iid) && iid > 0) {
        return { kind: 'change-request', name: source, number: iid };
    }
    return {
        kind: 'other',
        name: source,
        why: `the ${source || 'unknown'} pipeline has no merge request (use \`rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"\`)`,
    };
}
function gitlabPlatform(api, project, token, signal) {
    // Paths below are the project's (`/merge_requests/…`) unless they start at the API root (`~/user`).
    const url = (path) => path.startsWith('~/') ? `${api}${path.slice(1)}` : `${api}/projects/${project}${path}`;
    const request = async (method, path, body) => {
        const what = `${method} ${path.replace(/^~/, '').replace(/\?.*$/, '')}`;
        let response;
        try {
            response = await fetch(url(path), {
                method,
                headers: {
                    'PRIVATE-TOKEN': token,
                    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                },
                body: body === undefined ? undefined : JSON.stringify(body),
                signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
            });
        }
        catch (error) {
            throw new _hands_off_core_errors__WEBPACK_IMPORTED_MODULE_0__/* .UnavailableError */ .hG(`GitLab API ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        if (response.ok)
            return response;
        await response.body?.cancel();
        const because = response.status === 401
            ? 'the token is not accepted (401 Unauthorized)'
            : response.status === 403
                ? '403: the token lacks the `api` scope or the Developer role (CI_JOB_TOKEN cannot write notes or statuses)'
                : `answered ${response.status}`;
        throw new _hands_off_core_errors__WEBPACK_IMPORTED_MODULE_0__/* .UnavailableError */ .hG(`GitLab API ${what} ${because}`, { cause: { status: response.status } });
    };
    const json = async (path) => (await (await request('GET', path)).json());
    const all = async (path) => {
        const items = [];
        for (let page = 1, pages = 0; page > 0 && pages < MAX_PAGES; pages++) {
            const joiner = path.includes('?') ? '&' : '?';
            const response = await request('GET', `${path}${joiner}per_page=${PER_PAGE}&page=${page}`);
            items.push(...(await response.json()));
            page = Number(response.headers.get('x-next-page') || 0);
        }
        return items;
    };
    const toChangeRequest = (mr) => ({
        number: mr.iid,
        author: mr.author?.username ?? '',
        headSha: mr.sha,
        baseRef: mr.target_branch,
        body: mr.description ?? '',
        merged: mr.state === 'merged',
        url: mr.web_url ?? '',
    });
    let identity;
    const ownLogin = () => (identity ??= json('~/user').then((user) => user.username));
    const mergeRequest = (iid) => json(`/merge_requests/${iid}`);
    return {
        name: 'GitLab',
        changeRequestNoun: 'merge request',
        statusGatesMerge: false,
        async changeRequest(iid) {
            return toChangeRequest(await mergeRequest(iid));
        },
        async changedFiles(iid) {
            const diffs = await all(`/merge_requests/${iid}/diffs`);
            // The paginated diffs endpoint lists every file, past the overflow limit of the MR page.
            return { paths: [...new Set(diffs.flatMap((diff) => [diff.new_path, diff.old_path]))], complete: true };
        },
        description(iid) {
            return {
                read: async () => (await mergeRequest(iid)).description ?? '',
                write: async (text) => {
                    await request('PUT', `/merge_requests/${iid}`, { description: text });
                },
            };
        },
        comments(iid) {
            const notes = `/merge_requests/${iid}/notes`;
            return {
                list: async () => (await all(`${notes}?sort=asc&order_by=created_at`))
                    .filter((note) => !note.system)
                    .map((note) => ({ id: note.id, author: note.author?.username ?? '', body: note.body })),
                ownIdentity: ownLogin,
                read: async (id) => (await json(`${notes}/${id}`)).body,
                create: async (text) => {
                    await request('POST', notes, { body: text });
                },
                update: async (id, text) => {
                    await request('PUT', `${notes}/${id}`, { body: text });
                },
                remove: async (id) => {
                    await request('DELETE', `${notes}/${id}`);
                },
            };
        },
        async setStatus(sha, status) {
            await request('POST', `/statuses/${sha}`, {
                state: status.state === 'failure' || status.state === 'error' ? 'failed' : status.state,
                name: status.context,
                description: status.description.slice(0, 255),
            });
        },
        async latestStatus(sha, context) {
            const statuses = await all(`/repository/commits/${sha}/statuses?all=true&name=${encodeURIComponent(context)}`);
            const newest = statuses.filter((status) => status.name === context).sort((a, b) => b.id - a.id)[0];
            if (newest === undefined)
                return undefined;
            const states = {
                success: 'success',
                failed: 'failure',
                canceled: 'error',
                pending: 'pending',
                running: 'pending',
            };
            return states[newest.status] ?? 'error';
        },
        async readFile(ref, path) {
            try {
                const response = await request('GET', `/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(ref)}`);
                return await response.text();
            }
            catch (error) {
                if (error.cause?.status === 404)
                    return undefined;
                throw error;
            }
        },
        async changeRequestsOfCommit(sha) {
            const found = await json(`/repository/commits/${sha}/merge_requests`);
            return found.map(toChangeRequest);
        },
        async approvers(iid, author) {
            const approvals = await json(`/merge_requests/${iid}/approvals`);
            return (approvals.approved_by ?? [])
                .map((entry) => entry.user?.username ?? '')
                .filter((login) => login !== '' && login !== author);
        },
        async mergeQueueMembers() {
            // Merge trains run merge request pipelines: each names its own merge request.
            return [];
        },
    };
}


/***/ })

};
