import type { CommentThread } from './checklist-comment.js';
import type { ChecklistDocument } from './checklist-sync.js';

/** A pull request (GitHub) or merge request (GitLab), as the checklist step needs it. */
export interface ChangeRequest {
  /** `#12` on GitHub, `!12` on GitLab: the number people use. */
  readonly number: number;
  /** Login of whoever opened it: their own approval never counts. */
  readonly author: string;
  /** The commit the checklist's status goes on. */
  readonly headSha: string;
  /** Branch it merges into (`main`): the checklist config is read from there, never from the change. */
  readonly baseRef: string;
  readonly body: string;
  /** Whether it has been merged (verify counts only merged ones). */
  readonly merged: boolean;
  /** Web address, for summaries; empty when unknown. */
  readonly url: string;
}

/** The files a change touches, as far as the platform lists them. */
export interface ChangedFiles {
  readonly paths: readonly string[];
  /**
   * False when the platform stopped listing before the end (GitHub lists at most 3,000 files of a
   * pull request): an item whose `when` might match an unlisted file then applies.
   */
  readonly complete: boolean;
}

/** A commit status's state, as GitHub names them (GitLab's are mapped onto these). */
export type StatusState = 'pending' | 'success' | 'failure' | 'error';

/** What triggered the job, in the terms the checklist step acts on. */
export type ReviewEvent =
  /** A change request was opened, edited, pushed to, or commented on: keep its checklist current. */
  | { readonly kind: 'change-request'; readonly name: string; readonly number: number }
  /**
   * A merge queue (GitHub `merge_group`) tests a group of pull requests at `headSha`: the status
   * goes there, and is success only when every pull request in the group has a complete checklist.
   */
  | {
      readonly kind: 'merge-queue';
      readonly name: string;
      readonly headSha: string;
      readonly headRef: string;
      readonly baseSha: string;
      readonly baseRef: string;
    }
  /** Anything else (a push, a comment on an issue): there is no change request to keep. */
  | { readonly kind: 'other'; readonly name: string; readonly why: string };

/**
 * The code-review platform under the checklist step: GitHub's REST API or GitLab's, reached through
 * GITHUB_API_URL / CI_API_V4_URL. Every list is read to its end (all pages). Core never sees which.
 */
export interface ReviewPlatform {
  /** `GitHub` or `GitLab`, for messages. */
  readonly name: string;
  /** What a change request is called there: `pull request`, `merge request`. */
  readonly changeRequestNoun: string;
  /**
   * Whether the commit status alone can block a merge (GitHub's required checks). Where it cannot
   * (GitLab's "pipelines must succeed" looks at the pipeline), an incomplete checklist fails the job.
   */
  readonly statusGatesMerge: boolean;
  changeRequest(number: number): Promise<ChangeRequest>;
  /** Repository-relative paths the change touches (old and new name of a rename). */
  changedFiles(number: number): Promise<ChangedFiles>;
  /** The change request's description, which its author edits. */
  description(number: number): ChecklistDocument;
  /** The comments (notes) of a change request: where `mode: comment` keeps its one sticky checklist. */
  comments(number: number): CommentThread;
  setStatus(sha: string, status: { state: StatusState; context: string; description: string }): Promise<void>;
  /** The newest status named `context` on `sha`; undefined when there is none. */
  latestStatus(sha: string, context: string): Promise<StatusState | undefined>;
  /** A file's text at `ref` (a branch or commit); undefined when it does not exist there. */
  readFile(ref: string, path: string): Promise<string | undefined>;
  /** The change requests a commit came in through (squash, rebase and merge commits alike). */
  changeRequestsOfCommit(sha: string): Promise<ChangeRequest[]>;
  /**
   * Logins whose latest review of `number` approves it: not dismissed, not withdrawn, not the author.
   */
  approvers(number: number, author: string): Promise<string[]>;
  /** Numbers of the change requests a merge queue's group holds; empty when it cannot tell. */
  mergeQueueMembers(event: Extract<ReviewEvent, { kind: 'merge-queue' }>): Promise<number[]>;
}

/** A runtime's way to the review platform: how it is reached and what started the job. */
export interface ReviewAccess {
  readonly platform: ReviewPlatform;
  readonly event: ReviewEvent;
}
