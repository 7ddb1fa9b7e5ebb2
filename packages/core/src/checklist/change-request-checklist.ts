import { loadConfigWith, type ResolvedConfig } from '../config/config-file.js';
import {
  checklistForFiles,
  checklistOf,
  evaluateChecklist,
  boundStatusDescription,
  type Checklist,
  type ChecklistEvaluation,
} from './checklist-model.js';
import { findChecklistComment } from './checklist-comment.js';
import { UnreadableMarkdownError, readChecklist } from './checklist-markdown.js';
import type { ChangeRequest, ReviewPlatform } from './review-platform.js';

/** The config entry and checklist that apply, read at `ref` through the platform (never a checkout). */
export interface ChecklistRules {
  readonly config: ResolvedConfig;
  readonly checklist: Checklist;
}

/**
 * Reads the config file at `ref` (the base branch, or the commit being deployed) through the
 * platform's API: a change under review never supplies the checklist it is judged by, and a fork's
 * checkout is never read.
 */
export async function loadChecklistRules(
  platform: ReviewPlatform,
  ref: string,
  configInput: string,
  environment: string,
): Promise<ChecklistRules> {
  const config = await loadConfigWith(
    (path) => platform.readFile(ref, path),
    ` on ${ref}`,
    configInput,
    environment,
  );
  return { config, checklist: checklistOf(config) };
}

/** A change request's checklist as it stands: where it was found and its evaluation. */
export interface ChangeRequestChecklist {
  readonly changeRequest: ChangeRequest;
  /** `none` when neither the description nor the step's comment holds a checklist block. */
  readonly foundIn: 'description' | 'comment' | 'none' | 'unreadable';
  readonly evaluation: ChecklistEvaluation;
}

/**
 * Evaluates a change request's checklist without writing anything: the block in its description,
 * else in the step's own comment. A change request with no block at all has every required item open.
 */
export async function readChangeRequestChecklist(
  platform: ReviewPlatform,
  changeRequest: ChangeRequest,
  configured: Checklist,
): Promise<ChangeRequestChecklist> {
  const changed = await platform.changedFiles(changeRequest.number);
  const files = changed.paths;
  const checklist = checklistForFiles(configured, changed);
  try {
    const inDescription = readChecklist(changeRequest.body);
    if (inDescription.found) {
      return {
        changeRequest,
        foundIn: 'description',
        evaluation: evaluateChecklist(checklist, files, inDescription.states),
      };
    }
    const comment = await findChecklistComment(platform.comments(changeRequest.number));
    const inComment = comment === undefined ? undefined : readChecklist(comment);
    return {
      changeRequest,
      foundIn: inComment?.found ? 'comment' : 'none',
      evaluation: evaluateChecklist(checklist, files, inComment?.found ? inComment.states : new Map()),
    };
  } catch (error) {
    if (!(error instanceof UnreadableMarkdownError)) throw error;
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
export function unreadableEvaluation(
  checklist: Checklist,
  files: readonly string[],
  error: UnreadableMarkdownError,
): ChecklistEvaluation {
  const open = evaluateChecklist(checklist, files, new Map());
  const description = error.message.replace('the text cannot be read as a checklist: ', 'unreadable: ');
  return {
    ...open,
    status: 'failure',
    complete: false,
    description: boundStatusDescription(description),
  };
}
