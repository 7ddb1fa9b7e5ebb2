import { InputError, parseAllowedEndpoints, quoteValue, registerSecret } from '@hands-off/core';

/** The GitLab gate's operator settings: who it approves as, which projects it sweeps, what it trusts. */
export interface GitLabGateConfig {
  /** A token of a user allowed to approve deployments to the protected environments (`api` scope). */
  token: string;
  /** Without a trailing slash. */
  apiUrl: string;
  /** Project ids (`42`) or paths (`acme/shop`), each swept once. */
  projects: string[];
  /**
   * The environments whose blocked deployments the gate decides; empty: every environment. Set it
   * when other protected environments of the projects are approved by people: the gate rejects a
   * deployment whose environment has no `gate` block in the config.
   */
  environments: string[];
  /** URL prefixes a repository's config may name as an endpoint; empty: none. */
  allowedEndpoints: string[];
  /** For CloudWatch alarms and metrics named in a repository's config; empty: the SDK's default chain. */
  awsRegion: string;
  /** Where each decision's record is appended (`decision-log.jsonl`); empty: the log lines only. */
  logDir: string;
}

/** The environment variables the GitLab gate reads, and nothing else. */
export const GITLAB_GATE_VARIABLES = {
  token: 'HANDS_OFF_GATE_GITLAB_TOKEN',
  apiUrl: 'CI_API_V4_URL',
  projects: 'HANDS_OFF_GATE_GITLAB_PROJECTS',
  jobProject: 'CI_PROJECT_ID',
  environments: 'HANDS_OFF_GATE_GITLAB_ENVIRONMENTS',
  allowedEndpoints: 'HANDS_OFF_GATE_ALLOWED_ENDPOINTS',
  awsRegion: 'AWS_REGION',
  logDir: 'HANDS_OFF_GATE_LOG_DIR',
} as const;

/** GitLab.com's API, when CI_API_V4_URL is not set (outside a GitLab job). */
export const DEFAULT_GITLAB_API_URL = 'https://gitlab.com/api/v4';

/** A project path: namespaces and the project's name, separated by `/`, in GitLab's path characters. */
const PROJECT_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+$/;
/** A project id: GitLab's ids are positive integers. */
const PROJECT_ID = /^[1-9]\d{0,18}$/;
/** Characters a token that fits in an HTTP header has: printable ASCII without spaces. */
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * Reads the GitLab gate's settings from environment variables, in one place. A missing or bad
 * value throws one InputError naming the variable, what is wrong and a valid example, never the
 * token's value. The token is registered with core's redaction before anything else happens, so
 * no later log line, error or record can show it.
 */
export function readGitLabGateConfig(env: Readonly<Record<string, string | undefined>>): GitLabGateConfig {
  const value = (name: string): string => (env[name] ?? '').trim();

  const token = value(GITLAB_GATE_VARIABLES.token);
  if (token !== '') registerSecret(token);
  if (token === '') {
    throw new InputError(
      GITLAB_GATE_VARIABLES.token,
      'is not set: the gate approves as the user of this token, who must be allowed to approve deployments to the protected environments',
      'a personal, project or group access token with the `api` scope, e.g. `glpat-…` (CI_JOB_TOKEN cannot approve)',
    );
  }
  if (!TOKEN_CHARACTERS.test(token)) {
    // The value is not shown: it is a secret, and the problem is visible without it.
    throw new InputError(
      GITLAB_GATE_VARIABLES.token,
      'contains spaces, line breaks or non-ASCII characters, so it cannot be sent as the PRIVATE-TOKEN header (pasted with a stray character?)',
      '`glpat-…` as GitLab shows it, on one line',
    );
  }
  return {
    token,
    apiUrl: parseApiUrl(value(GITLAB_GATE_VARIABLES.apiUrl)),
    projects: parseProjects(value(GITLAB_GATE_VARIABLES.projects), value(GITLAB_GATE_VARIABLES.jobProject)),
    environments: [...new Set(listItems(value(GITLAB_GATE_VARIABLES.environments)))],
    allowedEndpoints: parseAllowedEndpoints(
      GITLAB_GATE_VARIABLES.allowedEndpoints,
      value(GITLAB_GATE_VARIABLES.allowedEndpoints),
    ),
    awsRegion: value(GITLAB_GATE_VARIABLES.awsRegion),
    logDir: value(GITLAB_GATE_VARIABLES.logDir),
  };
}

/** Items of a comma- or newline-separated list, trimmed, empty ones dropped. */
function listItems(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseProjects(listed: string, jobProject: string): string[] {
  const example = '`42,acme/shop` (ids or paths, separated by commas or newlines)';
  if (listed === '') {
    if (jobProject === '') {
      throw new InputError(
        GITLAB_GATE_VARIABLES.projects,
        `is not set, nor is ${GITLAB_GATE_VARIABLES.jobProject}: there is no project to sweep`,
        example,
      );
    }
    if (!PROJECT_ID.test(jobProject)) {
      throw new InputError(
        GITLAB_GATE_VARIABLES.jobProject,
        `${quoteValue(jobProject)} is not a project id`,
        '`42` (GitLab sets it in every job)',
      );
    }
    return [jobProject];
  }
  const projects = listItems(listed).map((item) => item.replace(/^\/+|\/+$/g, ''));
  for (const project of projects) {
    if (!PROJECT_ID.test(project) && !PROJECT_PATH.test(project)) {
      throw new InputError(
        GITLAB_GATE_VARIABLES.projects,
        `${quoteValue(project)} is neither a project id nor a project path (\`group/project\`)`,
        example,
      );
    }
  }
  return [...new Set(projects)];
}

function parseApiUrl(text: string): string {
  if (text === '') return DEFAULT_GITLAB_API_URL;
  const url = parseUrl(text);
  if (url === undefined || url.search || url.hash || url.username || url.password) {
    throw new InputError(
      GITLAB_GATE_VARIABLES.apiUrl,
      `${quoteValue(text)} is not an http(s) URL without query or credentials`,
      '`https://gitlab.example.com/api/v4`',
    );
  }
  return text.replace(/\/+$/, '');
}

/** An http(s) URL, or undefined. */
function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
