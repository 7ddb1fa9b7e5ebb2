import type { Fetch } from '../bake/signal.js';
import type { ReviewPlatform } from '../checklist/review-platform.js';
import type { CloudWatchSender } from '../health/cloudwatch-alarms.js';
import type { Logger } from '../runtime/runtime.js';
import type { Clock, Sleep } from '../time/clock.js';

/**
 * The gate's answer to a deployment waiting on it: `approve` and `reject` are sent to the
 * platform once; `wait` sends nothing and is asked again at the next sweep (or at `recheckAt`).
 */
export type GateVerdict = 'approve' | 'reject' | 'wait';

/** One deployment waiting for the gate: a GitHub deployment protection rule request or a GitLab approval. */
export interface GateRequest {
  /** `owner/repo` (GitHub) or the project's path (GitLab), for messages. */
  repository: string;
  /** The environment the deployment targets: the config entry whose `gate` block decides. */
  environment: string;
  /** The commit being deployed: the config, the review and the previous wave are read at it. */
  sha: string;
}

/** What the gate reads of one repository, on GitHub or GitLab. */
export interface GateRepository {
  /** A file's text at `ref`; undefined when the file does not exist there. */
  readFile(path: string, ref: string): Promise<string | undefined>;
  /**
   * The latest deployment of `sha` to `environment` whose latest status is success, and when that
   * status was set (epoch ms): when the previous wave's bake started. Undefined when there is none.
   */
  lastSuccessfulDeployment(
    environment: string,
    sha: string,
  ): Promise<{ id: string; succeededAt: number } | undefined>;
  /** Pull/merge requests, their checklists, reviews and statuses: for `require-reviewed`. */
  review: ReviewPlatform;
}

/** The gate's own settings, from its operator (never from a repository's file). */
export interface GateSettings {
  /**
   * URL prefixes (`https://prometheus.internal:9090/`) a repository's config may name as
   * `prometheus-url` or `alertmanager-url`; any other endpoint is refused before a request is made.
   */
  allowedEndpoints: readonly string[];
}

/** Collaborators of one decision. */
export interface GateDeps {
  clock: Clock;
  sleep: Sleep;
  fetch: Fetch;
  /**
   * The CloudWatch client for a region (the entry's `aws-region`; empty = the gate's own default),
   * created on first use: only a config naming alarms or CloudWatch traffic needs one.
   */
  cloudWatch: (region: string) => Promise<CloudWatchSender>;
  log: Logger;
  signal?: AbortSignal;
}

/** One rule's finding. */
export interface GateCheck {
  /** `config`, `window`, `reviewed`, `after`. */
  name: string;
  verdict: GateVerdict;
  /** One line. */
  reason: string;
  /** With `wait`: when this rule's answer can next change (the window's next opening, the bake's end). */
  recheckAt?: number;
}

/** The gate's decision on one request, with each rule's finding. */
export interface GateDecision {
  verdict: GateVerdict;
  /** One line: the first rule that rejects, else the first that waits, else why it may go. */
  reason: string;
  /** With `wait`: the earliest instant the answer can change (the window's next-open, the bake's end), when known. */
  recheckAt?: number;
  checks: GateCheck[];
  /** When the decision was made (epoch ms). */
  decidedAt: number;
  /** The config file it read at the commit, e.g. `.github/hands-off.yml`; empty when none was found. */
  configPath: string;
}
