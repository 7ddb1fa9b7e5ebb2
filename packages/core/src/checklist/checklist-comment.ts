import { CHECKLIST_START } from './checklist-markers.js';
import type { ChecklistDocument } from './checklist-sync.js';

/** A comment (GitHub) or note (GitLab) on a change request, as the platform lists it. */
export interface ReviewComment {
  readonly id: number;
  readonly author: string;
  readonly body: string;
}

/** The comments of one change request through the platform's API; the rules are in this module. */
export interface CommentThread {
  /** Every comment a person or bot wrote (not system notes), all pages. */
  list(): Promise<ReviewComment[]>;
  /** Who this step writes as: the token's user, `github-actions[bot]` for GITHUB_TOKEN. */
  ownIdentity(): Promise<string>;
  read(id: number): Promise<string>;
  create(text: string): Promise<void>;
  update(id: number, text: string): Promise<void>;
  remove(id: number): Promise<void>;
}

/**
 * The step's own checklist comments, oldest first: those that hold the block's start marker AND
 * whose author is this step's identity. A person's copy of the block is never one of them.
 */
async function ownChecklistComments(thread: CommentThread): Promise<ReviewComment[]> {
  const [identity, comments] = await Promise.all([thread.ownIdentity(), thread.list()]);
  return comments
    .filter((comment) => comment.author === identity && comment.body.includes(CHECKLIST_START))
    .sort((a, b) => a.id - b.id);
}

/** Text of the step's checklist comment, without creating one; undefined when there is none. */
export async function findChecklistComment(thread: CommentThread): Promise<string | undefined> {
  return (await ownChecklistComments(thread))[0]?.body;
}

/**
 * The one sticky comment holding the checklist, as a document: the oldest of the step's own,
 * created on the first write. Two first runs may both create one; right after creating, the
 * younger copies (fresh renders, nothing ticked yet) are removed, so exactly one stays.
 */
export async function stickyChecklistComment(thread: CommentThread): Promise<ChecklistDocument> {
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
      for (const copy of copies) await thread.remove(copy.id);
      id = oldest?.id;
    },
  };
}
