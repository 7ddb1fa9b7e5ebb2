import type { Checklist } from './checklist-model.js';
import { readChangeRequestChecklist } from './change-request-checklist.js';
import type { ReviewPlatform } from './review-platform.js';

/** What "reviewed" demands of a commit's change request. */
export interface ReviewPolicy {
  /** The checklist (from the config at the commit being deployed). */
  readonly checklist: Checklist;
  /** The commit status context the checklist step reports under (`hands-off/checklist`). */
  readonly statusContext: string;
  /** Approvals needed, by reviewers other than the author (latest review of each). */
  readonly minApprovals: number;
}

/** How one merged change request fared. */
export interface ChangeRequestReview {
  readonly number: number;
  readonly url: string;
  readonly merged: boolean;
  /** Empty when it passes; else why not, in a few words. */
  readonly problems: readonly string[];
  readonly approvers: readonly string[];
}

/** The verdict on a commit: reviewed when at least one merged change request passes every check. */
export interface ReviewedCommitVerdict {
  readonly reviewed: boolean;
  /** The numbers of the change requests the commit came in through (merged or not). */
  readonly changeRequests: readonly number[];
  /** One line: which change request passed, or why none did. */
  readonly reason: string;
  readonly reviews: readonly ChangeRequestReview[];
}

/**
 * Deploy only reviewed commits: the commit must have come in through a merged change request whose
 * checklist is complete (re-evaluated from its text with `policy.checklist`, and the latest
 * `statusContext` status on its head commit is success) and that has enough approvals. A commit
 * pushed straight to the branch has no change request and is not reviewed.
 */
export async function checkReviewedCommit(
  platform: ReviewPlatform,
  commit: string,
  policy: ReviewPolicy,
): Promise<ReviewedCommitVerdict> {
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
  const reviews: ChangeRequestReview[] = [];
  for (const changeRequest of found) {
    const problems: string[] = [];
    let approvers: string[] = [];
    if (!changeRequest.merged) {
      problems.push('not merged');
    } else {
      const { evaluation, foundIn } = await readChangeRequestChecklist(
        platform,
        changeRequest,
        policy.checklist,
      );
      if (foundIn === 'none') problems.push('has no checklist');
      else if (foundIn === 'unreadable') problems.push(`checklist ${evaluation.description}`);
      else if (!evaluation.complete) problems.push(`checklist incomplete (${evaluation.description})`);
      const status = await platform.latestStatus(changeRequest.headSha, policy.statusContext);
      if (status !== 'success') {
        problems.push(
          `status ${policy.statusContext} is ${status ?? 'missing'} on ${changeRequest.headSha.slice(0, 12)}`,
        );
      }
      approvers = await platform.approvers(changeRequest.number, changeRequest.author);
      if (approvers.length < policy.minApprovals) {
        problems.push(
          `${approvers.length} of ${policy.minApprovals} approval(s)${approvers.length > 0 ? ` (${approvers.join(', ')})` : ''}`,
        );
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
