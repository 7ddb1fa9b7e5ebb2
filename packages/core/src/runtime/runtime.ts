import type { ReviewAccess } from '../checklist/review-platform.js';
import type { ConfigPhase } from '../config/config-file.js';

/** Log output of a step; each adapter decides how lines are shown (annotations, sections). */
export interface Logger {
  info(line: string): void;
  warning(line: string): void;
  error(line: string): void;
  debug(line: string): void;
}

/** What the CI platform says about the job the step runs in. */
export interface JobContext {
  /** Which adapter runs the step. */
  platform: 'github' | 'gitlab' | 'local';
  /** Who started the job (`GITHUB_ACTOR`, `GITLAB_USER_LOGIN`), empty when unknown. */
  actor: string;
  /** Root of the checked-out repository: where the config file is looked for. */
  workspace: string;
  /** Directory for decision logs and other files a later step may read. */
  outputDir: string;
  /** GitLab sets CI_DEPLOY_FREEZE when a deploy freeze covered pipeline creation. */
  deployFreeze: boolean;
  /** Link to the job, for summaries; empty when unknown. */
  jobUrl: string;
  /** What the job builds from, for provenance; absent outside CI (a workstation run). */
  build?: BuildContext;
}

/**
 * Where a CI job's build comes from, as the platform states it (GITHUB_* or CI_* variables).
 * Fields the platform did not set are empty strings.
 */
export interface BuildContext {
  /** Web address of the CI server: `https://github.com`, `https://gitlab.example.com`. */
  serverUrl: string;
  /** `owner/name` on GitHub, `group/project` on GitLab. */
  repository: string;
  /** The full git ref built: `refs/heads/main`, `refs/tags/v1.2.0`. */
  ref: string;
  /** The commit SHA built. */
  commit: string;
  /** The pipeline definition's path in the repository: `.github/workflows/release.yml`, `.gitlab-ci.yml`. */
  workflowPath: string;
  /** The run's id and attempt (GitHub) or pipeline and job id (GitLab). */
  runId: string;
  runAttempt: string;
  /** Address of this run or job. */
  invocationUrl: string;
  /** Who built it, as a URI: the workflow at its ref (GitHub), the runner (GitLab). */
  builderId: string;
  /** What started the run: `push`, `workflow_dispatch`, GitLab's pipeline source. */
  eventName: string;
}

/** The platform's record of a deployment (GitHub Deployments); GitLab's job `environment:` needs none. */
export interface DeploymentRecords {
  /** Creates the record for `environment` at the job's commit; returns its id. */
  create(input: { environment: string; revision: string; description: string }): Promise<string>;
  /** Sets the record's state: `in_progress`, then `success` or `failure`. */
  setStatus(id: string, state: 'in_progress' | 'success' | 'failure', description: string): Promise<void>;
}

/**
 * The one small interface between a step and the CI platform it runs on. The GitHub Actions
 * adapter, the GitLab/CLI adapter and the tests implement it; core steps only ever see this.
 */
export interface Runtime {
  readonly context: JobContext;
  readonly log: Logger;
  /** Raw value of an input, trimmed; empty string when not given. */
  getInput(name: string): string;
  /** Publishes a step output. */
  setOutput(name: string, value: string): void;
  /** Masks a value in all later log output. */
  setSecret(value: string): void;
  /** Saves a value for the post step of the same action (cancel handling). */
  saveState(name: string, value: string): void;
  /** Reads a value saved by saveState in an earlier stage; empty when none. */
  getState(name: string): string;
  /** Writes the step's Markdown summary (job summary on GitHub, a file artifact on GitLab). */
  writeSummary(markdown: string): Promise<void>;
  /** Runs `fn` inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Aborts when the job is cancelled (SIGINT/SIGTERM). */
  readonly cancelSignal: AbortSignal;
  /**
   * The code-review platform (pull or merge requests, commit statuses) with `token`, and the event
   * that started the job; absent where there is none (a workstation run).
   */
  reviewAccess?(token: string): Promise<ReviewAccess>;
  /**
   * Set only by the stage for the phase it runs a step in: the phase's blocks of the environment's
   * entry apply over the entry (see ConfigPhase). The platform adapters never set it.
   */
  readonly configPhase?: ConfigPhase;
  /** The platform's deployment records with `token`, when the platform has them. */
  deploymentRecords?(token: string): DeploymentRecords;
}
