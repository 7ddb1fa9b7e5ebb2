import type { ChecklistEvaluation } from '../../checklist/checklist-model.js';
import type { ReviewAccess, ReviewEvent, ReviewPlatform } from '../../checklist/review-platform.js';
import { parseMinApprovals, parseStatusContext } from '../../checklist/review-inputs.js';
import { recordDecision, inputsWithoutToken } from '../../decision-log/decision-log.js';
import { InputError, quoteValue } from '../../errors.js';
import { parseBoolean, parseEnum } from '../../inputs/parse-scalars.js';
import type { InputSpec, ResolvedInput } from '../../inputs/resolve-inputs.js';
import { ExitCode } from '../../runtime/exit-codes.js';
import type { Runtime } from '../../runtime/runtime.js';
import { escapeMarkdown, markdownTable } from '../../summary/markdown.js';
import { systemClock, type Clock } from '../../time/clock.js';
import type { Step } from '../run-step.js';
import { inputsWithConfig } from '../step-inputs.js';

/** Inputs of code-review-checklist, in action.yml order (after `config` and `environment`). */
export const CHECKLIST_INPUTS: readonly InputSpec[] = [
  { name: 'mode', default: 'description', fromConfig: false },
  { name: 'status-context', default: 'hands-off/checklist', fromConfig: true },
  { name: 'github-token', default: '', fromConfig: false },
  { name: 'min-approvals', default: '1', fromConfig: true },
  { name: 'commit', default: '', fromConfig: false },
  { name: 'dry-run', default: 'false', fromConfig: false },
];

/** Output names: the checklist modes', then verify's. */
export const CHECKLIST_OUTPUTS = [
  'complete',
  'missing',
  'status',
  'reviewed',
  'pull-requests',
  'reason',
] as const;

const MODES = ['description', 'comment', 'verify'] as const;
type Mode = (typeof MODES)[number];

/** What the step needs from outside: a clock (tests). */
export interface ChecklistStepDeps {
  clock?: Clock;
}

/**
 * code-review-checklist as a step. In `description` and `comment` mode it keeps the deployment
 * checklist on the change request that started the job current and reports a commit status on its
 * head commit (the status is the merge gate; the job exits 0 unless the input or the API failed).
 * On a merge queue it reports success only when every change request in the group is complete. In
 * `verify` mode it refuses (exit 2) a commit that did not come in through a reviewed change request.
 */
export function codeReviewChecklistStep(deps: ChecklistStepDeps = {}): Step {
  return {
    name: 'code-review-checklist',
    async run(runtime: Runtime): Promise<ExitCode> {
      const clock = deps.clock ?? systemClock;
      const startedAt = clock.now();
      const mode = parseEnum('mode', runtime.getInput('mode') || 'description', MODES);
      const token = runtime.getInput('github-token');
      if (token === '') {
        throw new InputError(
          'github-token',
          'is empty: the checklist is read and its status written through the API',
          '`${{ github.token }}` (GitHub) or a project access token with `api` scope (GitLab)',
        );
      }
      runtime.setSecret(token);
      const dryRun = parseBoolean('dry-run', runtime.getInput('dry-run') || 'false');
      if (dryRun && mode !== 'verify') {
        throw new InputError('dry-run', 'applies to `mode: verify` only', '`false`');
      }
      for (const name of ['commit', 'min-approvals'] as const) {
        if (mode !== 'verify' && runtime.getInput(name) !== '') {
          throw new InputError(
            name,
            `is a verify input; it has no effect with \`mode: ${mode}\``,
            '`mode: verify`',
          );
        }
      }
      if (runtime.reviewAccess === undefined) {
        throw new InputError(
          'mode',
          `\`${mode}\` needs a pull or merge request platform (GitHub Actions, or GitLab CI with CI_API_V4_URL); this run has none`,
          'run it in a workflow on `pull_request`, or in a GitLab merge request pipeline',
        );
      }
      const access = await runtime.reviewAccess(token);
      const run: StepRun = { runtime, access, clock, startedAt, mode };
      if (mode === 'verify') return verifyMode(run, dryRun);
      return keepChecklist(run);
    },
  };
}

interface StepRun {
  runtime: Runtime;
  access: ReviewAccess;
  clock: Clock;
  startedAt: number;
  mode: Mode;
}

/** Loads the config at `ref` through the API and the inputs over it. */
async function rulesAt(run: StepRun, ref: string) {
  const { loadChecklistRules } = await import('../../checklist/change-request-checklist.js');
  const rules = await loadChecklistRules(
    run.access.platform,
    ref,
    run.runtime.getInput('config'),
    run.runtime.getInput('environment'),
  );
  const inputs = inputsWithConfig(run.runtime, CHECKLIST_INPUTS, rules.config);
  const statusContext = parseStatusContext(inputs['status-context']?.value ?? '');
  return { ...rules, inputs, statusContext };
}

/** description and comment modes: keep the block current and report the status. */
async function keepChecklist(run: StepRun): Promise<ExitCode> {
  const { runtime, access } = run;
  const { event, platform } = access;
  if (event.kind === 'other') {
    runtime.log.warning(`code-review-checklist: nothing to do: ${event.why}`);
    await record(run, 'skipped', event.why, ExitCode.Ok, {}, {});
    return ExitCode.Ok;
  }
  if (event.kind === 'merge-queue') return checkMergeQueue(run, event);
  const changeRequest = await platform.changeRequest(event.number);
  const rules = await rulesAt(run, changeRequest.baseRef);
  const [{ syncChecklist }, { checklistForFiles }, { UnreadableMarkdownError }, changed] = await Promise.all([
    import('../../checklist/checklist-sync.js'),
    import('../../checklist/checklist-model.js'),
    import('../../checklist/checklist-markdown.js'),
    platform.changedFiles(changeRequest.number),
  ]);
  const files = changed.paths;
  if (!changed.complete) {
    runtime.log.warning(
      `code-review-checklist: ${platform.name} listed only the first ${files.length} changed files; every item applies, whatever its \`when\``,
    );
  }
  const document =
    run.mode === 'comment'
      ? await (
          await import('../../checklist/checklist-comment.js')
        ).stickyChecklistComment(platform.comments(changeRequest.number))
      : platform.description(changeRequest.number);
  const checklist = checklistForFiles(rules.checklist, changed);
  const sync = await syncChecklist(document, checklist, files).catch(async (error: unknown) => {
    // A body the parser would take minutes over is refused, and the status says why: fail safe.
    if (!(error instanceof UnreadableMarkdownError)) throw error;
    const { unreadableEvaluation } = await import('../../checklist/change-request-checklist.js');
    runtime.log.warning(`code-review-checklist: ${error.message}`);
    return { written: false, settled: true, evaluation: unreadableEvaluation(checklist, files, error) };
  });
  const { evaluation } = sync;
  const where = run.mode === 'comment' ? 'comment' : 'description';
  if (!sync.settled) {
    runtime.log.warning(
      `code-review-checklist: the ${where} kept changing while the checklist was updated; the next run brings the block up to date (the status below counts every item that applies)`,
    );
  }
  await platform.setStatus(changeRequest.headSha, {
    state: evaluation.status,
    context: rules.statusContext,
    description: evaluation.description,
  });
  const title = `${platform.changeRequestNoun} ${sign(platform)}${changeRequest.number}`;
  runtime.log.info(
    `code-review-checklist: ${title} ${evaluation.status}: ${evaluation.description} (${sync.written ? `checklist written to the ${where}` : `the ${where}'s checklist was current`}; ${files.length} changed file(s); status ${rules.statusContext} on ${changeRequest.headSha.slice(0, 12)})`,
  );
  setChecklistOutputs(runtime, evaluation);
  await record(run, evaluation.status, evaluation.description, ExitCode.Ok, rules.inputs, {
    event: event.name,
    changeRequest: changeRequest.number,
    headSha: changeRequest.headSha,
    written: sync.written,
    changedFiles: files.length,
    missing: evaluation.missing,
    invalid: evaluation.invalid,
  });
  await runtime.writeSummary(
    [
      `## code-review-checklist: ${statusIcon(evaluation.status)} ${escapeMarkdown(title)} ${evaluation.status}`,
      `**${escapeMarkdown(evaluation.description)}** — status \`${escapeMarkdown(rules.statusContext)}\` on \`${changeRequest.headSha.slice(0, 12)}\`.`,
      missingTable(evaluation),
      `The checklist ${sync.written ? 'was written to' : 'was already current in'} the ${where}${changeRequest.url ? ` of ${changeRequest.url}` : ''}; ${files.length} changed file(s) decide which items apply.`,
    ]
      .filter((part) => part !== '')
      .join('\n\n') + '\n',
  );
  if (!platform.statusGatesMerge && !evaluation.complete) {
    // GitLab's "pipelines must succeed" blocks the merge on the job, not on the commit status.
    runtime.log.error(
      `code-review-checklist: ${title} checklist ${evaluation.status}: ${evaluation.description}`,
    );
    return ExitCode.Error;
  }
  return ExitCode.Ok;
}

/**
 * A merge queue's group: success only when every change request in it is complete, else failure
 * (a pending status would hold the queue until it times out). A group whose members cannot be told
 * fails: no evidence, no success.
 */
async function checkMergeQueue(
  run: StepRun,
  event: Extract<ReviewEvent, { kind: 'merge-queue' }>,
): Promise<ExitCode> {
  const { runtime, access } = run;
  const { platform } = access;
  const rules = await rulesAt(run, event.baseSha || event.baseRef);
  const [{ readChangeRequestChecklist }, { boundStatusDescription }] = await Promise.all([
    import('../../checklist/change-request-checklist.js'),
    import('../../checklist/checklist-model.js'),
  ]);
  const numbers = await platform.mergeQueueMembers(event);
  const results = [];
  for (const number of numbers) {
    const changeRequest = await platform.changeRequest(number);
    results.push(await readChangeRequestChecklist(platform, changeRequest, rules.checklist));
  }
  const incomplete = results.filter((result) => !result.evaluation.complete);
  const complete = numbers.length > 0 && incomplete.length === 0;
  const description =
    numbers.length === 0
      ? `cannot tell which ${platform.changeRequestNoun}s the group holds (${event.headRef})`
      : complete
        ? `all ${numbers.length} ${platform.changeRequestNoun}(s) have a complete checklist`
        : incomplete
            .map(
              (result) => `${sign(platform)}${result.changeRequest.number} ${result.evaluation.description}`,
            )
            .join('; ');
  const state = complete ? 'success' : 'failure';
  await platform.setStatus(event.headSha, {
    state,
    context: rules.statusContext,
    description: boundStatusDescription(description),
  });
  const missing = [...new Set(incomplete.flatMap((result) => result.evaluation.missing))];
  runtime.log.info(
    `code-review-checklist: merge group ${event.headSha.slice(0, 12)} ${state}: ${description}`,
  );
  setChecklistOutputs(runtime, { complete, missing, status: state });
  await record(run, state, description, ExitCode.Ok, rules.inputs, {
    event: event.name,
    headSha: event.headSha,
    changeRequests: results.map((result) => ({
      number: result.changeRequest.number,
      foundIn: result.foundIn,
      status: result.evaluation.status,
      missing: result.evaluation.missing,
    })),
  });
  await runtime.writeSummary(
    [
      `## code-review-checklist: ${statusIcon(state)} merge group ${state}`,
      `**${escapeMarkdown(description)}**`,
      results.length > 0
        ? markdownTable(
            [platform.changeRequestNoun, 'checklist', 'missing'],
            results.map((result) => [
              `${sign(platform)}${result.changeRequest.number}`,
              result.foundIn === 'none' ? 'none' : result.evaluation.status,
              result.evaluation.missing.join(', ') || '—',
            ]),
          )
        : '',
    ]
      .filter((part) => part !== '')
      .join('\n\n') + '\n',
  );
  return ExitCode.Ok;
}

/** verify mode: exit 2 when the commit did not come in through a reviewed change request. */
async function verifyMode(run: StepRun, dryRun: boolean): Promise<ExitCode> {
  const { runtime, access } = run;
  const { platform } = access;
  const commit = runtime.getInput('commit') || runtime.context.build?.commit || '';
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) {
    throw new InputError(
      'commit',
      commit === '' ? 'is empty and the job names no commit' : `${quoteValue(commit)} is not a commit SHA`,
      '`${{ github.sha }}`, 40 hex digits',
    );
  }
  const rules = await rulesAt(run, commit);
  const minApprovals = parseMinApprovals(rules.inputs['min-approvals']?.value ?? '1');
  const { checkReviewedCommit } = await import('../../checklist/reviewed-commit.js');
  const verdict = await checkReviewedCommit(platform, commit, {
    checklist: rules.checklist,
    statusContext: rules.statusContext,
    minApprovals,
  });
  const exitCode = verdict.reviewed || dryRun ? ExitCode.Ok : ExitCode.Refused;
  const line = `code-review-checklist: ${verdict.reviewed ? 'reviewed' : 'not reviewed'}${dryRun && !verdict.reviewed ? ' (dry-run: not blocking)' : ''}: ${verdict.reason}`;
  if (verdict.reviewed) runtime.log.info(line);
  else if (dryRun) runtime.log.warning(line);
  else runtime.log.error(line);
  runtime.setOutput('reviewed', verdict.reviewed ? 'true' : 'false');
  runtime.setOutput('pull-requests', JSON.stringify(verdict.changeRequests));
  runtime.setOutput('reason', verdict.reason);
  await record(run, verdict.reviewed ? 'reviewed' : 'not reviewed', verdict.reason, exitCode, rules.inputs, {
    commit,
    dryRun,
    reviews: verdict.reviews,
  });
  await runtime.writeSummary(
    [
      `## code-review-checklist: ${verdict.reviewed ? '🟢 reviewed' : dryRun ? '🟡 not reviewed (dry-run)' : '🔴 not reviewed'}`,
      `**${escapeMarkdown(verdict.reason)}**`,
      verdict.reviews.length > 0
        ? markdownTable(
            [platform.changeRequestNoun, 'approvers', 'problems'],
            verdict.reviews.map((review) => [
              `${sign(platform)}${review.number}`,
              review.approvers.join(', ') || '—',
              review.problems.join('; ') || 'none',
            ]),
          )
        : '',
    ]
      .filter((part) => part !== '')
      .join('\n\n') + '\n',
  );
  return exitCode;
}

function setChecklistOutputs(
  runtime: Runtime,
  evaluation: Pick<ChecklistEvaluation, 'complete' | 'missing' | 'status'>,
): void {
  runtime.setOutput('complete', evaluation.complete ? 'true' : 'false');
  runtime.setOutput('missing', JSON.stringify(evaluation.missing));
  runtime.setOutput('status', evaluation.status);
}

function missingTable(evaluation: ChecklistEvaluation): string {
  if (evaluation.missing.length === 0) return '';
  return markdownTable(
    ['missing item', 'why'],
    evaluation.missing.map((id) => [
      id,
      evaluation.invalid.includes(id) ? 'marked N/A without a reason, or N/A is not allowed' : 'not done yet',
    ]),
  );
}

const sign = (platform: ReviewPlatform): string =>
  platform.changeRequestNoun === 'merge request' ? '!' : '#';

function statusIcon(status: string): string {
  return status === 'success' ? '🟢' : status === 'failure' ? '🔴' : '🟡';
}

async function record(
  run: StepRun,
  verdict: string,
  reason: string,
  exitCode: ExitCode,
  inputs: Record<string, ResolvedInput>,
  observations: Record<string, unknown>,
): Promise<void> {
  await recordDecision(
    run.runtime,
    { step: 'code-review-checklist', startedAt: run.startedAt, finishedAt: run.clock.now() },
    {
      verdict,
      reason,
      exitCode,
      inputs: inputsWithoutToken(inputs),
      observations: { mode: run.mode, ...observations },
    },
  );
}
