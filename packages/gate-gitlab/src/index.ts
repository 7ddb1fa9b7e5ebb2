// Public surface of @hands-off/gate-gitlab: the GitLab side of the deployment gate, a sweep.
export {
  sweepGitLab,
  approvalComment,
  GITLAB_APPROVAL_COMMENT_MAX_CHARS,
  GITLAB_SWEEP_CONCURRENCY,
  type GitLabSweepCollaborators,
  type GitLabSweepSummary,
} from './gitlab-sweep.js';
export {
  readGitLabGateConfig,
  GITLAB_GATE_VARIABLES,
  DEFAULT_GITLAB_API_URL,
  type GitLabGateConfig,
} from './gitlab-gate-config.js';
export { gitlabGateRepository, type GitLabDeploymentPayload } from './gitlab-gate-repository.js';
export {
  GitLabClient,
  GitLabApiError,
  GITLAB_RETRY,
  GITLAB_REQUEST_TIMEOUT_MS,
  isRetryableGitLabError,
  projectApiPath,
  type GitLabClientOptions,
} from './gitlab-api.js';
